// Autosave for the scoring page. Progressive enhancement: without this file the page is a plain form
// (Save, Submit my ratings) that works the same. With it, each section saves itself ~700 ms after the
// panelist stops typing or choosing, through POST /interviews/:id/ratings/:sectionId with the CSRF
// token from <meta name="csrf-token"> in the X-CSRF-Token header.
//
// Nothing typed is lost: every change is first kept as a draft in localStorage (per interview,
// panelist and section) until the server confirms it; failed saves retry with backoff and always
// send the newest text; after a reload, drafts newer than what the page shows are restored and saved.
(function () {
  'use strict';
  var PREFIX = 'scoring-draft:';
  var DEBOUNCE_MS = 700;
  var MAX_RETRY_MS = 30000;
  var DRAFT_TTL_MS = 30 * 24 * 3600 * 1000;
  var store = localStore();

  function localStore() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + 'probe', '1');
      s.removeItem(PREFIX + 'probe');
      return s;
    } catch {
      return null;
    }
  }
  function keys(prefix) {
    var out = [];
    if (!store) return out;
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) out.push(k);
    }
    return out;
  }
  function readJson(key) {
    try {
      return store ? JSON.parse(store.getItem(key) || 'null') : null;
    } catch {
      return null;
    }
  }
  // Forget drafts nobody came back to.
  keys(PREFIX).forEach(function (k) {
    var d = readJson(k);
    if (!d || !d.at || Date.now() - d.at > DRAFT_TTL_MS) store.removeItem(k);
  });

  // Read-only page (submitted or complete): this interview's drafts are spent.
  var done = document.getElementById('scoring-done');
  if (done) {
    keys(
      PREFIX + done.getAttribute('data-interview') + ':' + done.getAttribute('data-panelist') + ':',
    ).forEach(function (k) {
      store.removeItem(k);
    });
    return;
  }
  var form = document.getElementById('scoring-form');
  if (!form || !window.fetch || !window.JSON) return;
  document.documentElement.classList.add('js');
  var interviewId = form.getAttribute('data-interview');
  var draftBase = PREFIX + interviewId + ':' + form.getAttribute('data-panelist') + ':';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute('content') : '';
  var stopped = false;
  var submitting = false;

  var norm = function (text) {
    return String(text || '').replace(/\r\n?/g, '\n');
  };
  var pad = function (n) {
    return (n < 10 ? '0' : '') + n;
  };
  var hhmm = function (d) {
    return pad(d.getHours()) + ':' + pad(d.getMinutes());
  };

  var sections = Array.prototype.map.call(form.querySelectorAll('[data-section]'), function (el) {
    var s = {
      id: el.getAttribute('data-section'),
      el: el,
      radios: el.querySelectorAll('input[type="radio"]'),
      note: el.querySelector('textarea'),
      status: el.querySelector('.save-status'),
      saved: {
        value: el.getAttribute('data-saved-value') || '',
        note: norm(el.getAttribute('data-saved-note')),
      },
      rev: Number(el.getAttribute('data-rev')) || 0,
      // Save requests sent since `rev` was confirmed: each moves the server's rev by at most one.
      sent: 0,
      timer: null,
      inFlight: false,
      again: false,
      failures: 0,
    };
    Array.prototype.forEach.call(s.radios, function (r) {
      r.addEventListener('change', function () {
        changed(s);
      });
    });
    if (s.note)
      s.note.addEventListener('input', function () {
        changed(s);
      });
    return s;
  });

  function current(s) {
    var checked = s.el.querySelector('input[type="radio"]:checked');
    return { value: checked ? checked.value : '', note: s.note ? norm(s.note.value) : '' };
  }
  // What differs from the server's copy. An unchecked radio group never clears a saved rating.
  function changes(s) {
    var c = current(s);
    var body = {};
    if (c.value !== '' && c.value !== s.saved.value) body.value = Number(c.value);
    if (c.note !== s.saved.note) body.note = c.note;
    return body;
  }
  var isDirty = function (s) {
    return Object.keys(changes(s)).length > 0;
  };
  function setStatus(s, text, state) {
    if (!s.status) return;
    s.status.textContent = text;
    s.status.setAttribute('data-state', state || '');
  }

  var draftKey = function (s) {
    return draftBase + s.id;
  };
  function writeDraft(s) {
    if (!store) return;
    var c = current(s);
    try {
      store.setItem(
        draftKey(s),
        JSON.stringify({ value: c.value, note: c.note, baseRev: s.rev, sent: s.sent, at: Date.now() }),
      );
    } catch {
      // Storage full: the server copy and the page still hold the text.
    }
  }
  function dropDraft(s) {
    if (store) store.removeItem(draftKey(s));
  }

  function changed(s) {
    if (stopped || submitting) return;
    if (!isDirty(s)) {
      dropDraft(s);
      return;
    }
    writeDraft(s);
    setStatus(s, 'Unsaved changes…', 'pending');
    schedule(s, DEBOUNCE_MS);
  }
  function schedule(s, delay) {
    clearTimeout(s.timer);
    s.timer = setTimeout(function () {
      send(s);
    }, delay);
  }

  function send(s) {
    if (stopped || submitting) return;
    if (s.inFlight) {
      s.again = true;
      return;
    }
    var body = changes(s);
    if (!Object.keys(body).length) {
      dropDraft(s);
      return;
    }
    s.inFlight = true;
    s.sent += 1;
    writeDraft(s);
    setStatus(s, 'Saving…', 'saving');
    fetch('/interviews/' + interviewId + '/ratings/' + s.id, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            answered(s, res.status, data);
          });
      })
      .catch(function () {
        s.inFlight = false;
        retry(s);
      });
  }

  function answered(s, status, data) {
    s.inFlight = false;
    if (status === 200) return confirmed(s, data);
    if (status >= 500 || status === 429 || status === 408) return retry(s);
    if (status === 409)
      return stop(s, (data.error || 'Your ratings can no longer be changed.') + ' Reload the page.');
    if (status === 401 || status === 403)
      return stop(
        s,
        'Not saved: ' +
          (data.error || 'you are no longer signed in.') +
          ' Your text is kept in this browser: sign in again and reload this page.',
      );
    // 422 and the like: say why; the draft stays, the next change tries again.
    setStatus(s, 'Not saved: ' + (data.error || 'the server refused this change.'), 'error');
  }

  function confirmed(s, data) {
    s.failures = 0;
    s.rev = Math.max(s.rev, Number(data.rev) || 0);
    s.sent = 0;
    s.saved = { value: data.value == null ? '' : String(data.value), note: norm(data.note) };
    s.el.setAttribute('data-rev', String(s.rev));
    if (isDirty(s)) {
      writeDraft(s);
      setStatus(s, 'Saving…', 'saving');
      schedule(s, s.again ? 0 : DEBOUNCE_MS);
    } else {
      dropDraft(s);
      setStatus(s, 'Saved ' + hhmm(data.savedAt ? new Date(data.savedAt) : new Date()), 'saved');
    }
    s.again = false;
  }

  function retry(s) {
    s.failures += 1;
    s.again = false;
    var delay = Math.min(MAX_RETRY_MS, 1000 * Math.pow(2, s.failures - 1));
    setStatus(s, 'Not saved, retrying…', 'error');
    // The retry reads the fields again, so it always sends the newest text.
    schedule(s, delay);
  }

  function stop(s, message) {
    stopped = true;
    sections.forEach(function (x) {
      clearTimeout(x.timer);
    });
    setStatus(s, message, 'error');
    if (!document.getElementById('scoring-stopped')) {
      var banner = document.createElement('div');
      banner.id = 'scoring-stopped';
      banner.className = 'flash flash-error';
      banner.setAttribute('role', 'alert');
      banner.textContent = 'Autosave has stopped: ' + message;
      form.insertBefore(banner, form.firstChild);
    }
  }

  function apply(s, d) {
    Array.prototype.forEach.call(s.radios, function (r) {
      r.checked = d.value !== '' && r.value === d.value;
      if (d.value === '' && r.value === s.saved.value) r.checked = true;
    });
    if (s.note) s.note.value = d.note;
  }

  // After a reload: restore each draft the server has not seen, unless the section was saved from
  // elsewhere since (then offer the draft back instead of overwriting that newer save).
  sections.forEach(function (s) {
    var d = readJson(draftKey(s));
    if (d && (d.value === '' || d.value === s.saved.value) && norm(d.note) === s.saved.note) d = null;
    if (!d) {
      dropDraft(s);
      if (isDirty(s)) changed(s); // a refused form's typed values, shown again by the server
      return;
    }
    d.note = norm(d.note);
    if (s.rev <= (Number(d.baseRev) || 0) + (Number(d.sent) || 0)) {
      apply(s, d);
      setStatus(s, 'Restored your unsaved changes from this browser; saving…', 'pending');
      writeDraft(s);
      schedule(s, 0);
      return;
    }
    setStatus(
      s,
      'This section was saved from another window after your last change here: that version is shown.',
      'error',
    );
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button-link restore-draft';
    button.textContent = 'Use the unsaved version from this browser instead';
    button.addEventListener('click', function () {
      apply(s, d);
      button.parentNode.removeChild(button);
      changed(s);
    });
    s.status.parentNode.insertBefore(button, s.status.nextSibling);
  });

  form.addEventListener('submit', function () {
    // The form itself carries every value; pending autosaves would only race it.
    submitting = true;
    sections.forEach(function (s) {
      clearTimeout(s.timer);
    });
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) submitting = false;
  });
  window.addEventListener('beforeunload', function (e) {
    if (submitting) return;
    var unsaved = sections.some(function (s) {
      return s.inFlight || isDirty(s);
    });
    if (!unsaved) return;
    e.preventDefault();
    e.returnValue = '';
  });
})();
