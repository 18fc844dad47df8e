// Autosave for the reference questionnaire (/r/:token). Progressive enhancement: without this file
// the page is a plain form (Save and finish later, Submit) that works the same. With it:
//  - every change is kept at once as a draft in this browser (localStorage), so a closed tab, a
//    crash or a lost connection never loses text; the draft is dropped once the server has it;
//  - the whole form is saved in the background (POST to the form's own URL with action=save and
//    Accept: application/json; the answer is { savedAt, rev }), a few seconds after typing stops and
//    at most every 30 seconds, because token links are rate-limited per network address;
//  - failed saves retry with backoff and always send the newest text; after a reload, a draft the
//    server has not seen is put back and saved, unless the answers were saved from elsewhere since
//    (then the page offers the draft instead of overwriting that newer save).
(function () {
  'use strict';
  var PREFIX = 'reference-draft:';
  var DEBOUNCE_MS = 3000;
  var MIN_INTERVAL_MS = 30000;
  var MAX_RETRY_MS = 5 * 60 * 1000;
  var DRAFT_TTL_MS = 60 * 24 * 3600 * 1000;
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
  function readJson(key) {
    try {
      return store ? JSON.parse(store.getItem(key) || 'null') : null;
    } catch {
      return null;
    }
  }
  // Forget drafts nobody came back to.
  if (store) {
    var old = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      var d = k && k.indexOf(PREFIX) === 0 ? readJson(k) : undefined;
      if (d !== undefined && (!d || !d.at || Date.now() - d.at > DRAFT_TTL_MS)) old.push(k);
    }
    old.forEach(function (k) {
      store.removeItem(k);
    });
  }

  // Submitted or declined: this reference's draft is spent.
  var done = document.getElementById('rf-done');
  if (done) {
    if (store) store.removeItem(PREFIX + done.getAttribute('data-draft-key'));
    return;
  }
  var form = document.getElementById('reference-form');
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var key = PREFIX + form.getAttribute('data-draft-key');
  var revInput = form.querySelector('input[name="rev"]');
  var status = document.getElementById('rf-save-status');

  var timer = null;
  var inFlight = false;
  var again = false;
  var failures = 0;
  var lastSentAt = 0;
  var stopped = false;
  var submitting = false;
  var pendingSubmitter = null;
  var lastClicked = null;
  // Saves sent since `rev` was confirmed: each moves the server's revision by at most one.
  var sent = 0;

  var norm = function (text) {
    return String(text == null ? '' : text).replace(/\r\n?/g, '\n');
  };
  var rev = function () {
    return Number(revInput.value) || 0;
  };
  var pad = function (n) {
    return (n < 10 ? '0' : '') + n;
  };
  var hhmm = function (d) {
    return pad(d.getHours()) + ':' + pad(d.getMinutes());
  };

  /** Every answer on the page: text fields, the chosen radio per group ('' when none), checkboxes. */
  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === 'rev' || el.name === 'action') return;
      if (el.type === 'radio') {
        if (!(el.name in data)) data[el.name] = '';
        if (el.checked) data[el.name] = el.value;
      } else if (el.type === 'checkbox') data[el.name] = el.checked ? el.value : '';
      else data[el.name] = norm(el.value);
    });
    return data;
  }
  function apply(data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data)) return;
      if (el.type === 'radio') el.checked = data[el.name] !== '' && el.value === data[el.name];
      else if (el.type === 'checkbox') el.checked = data[el.name] === el.value;
      else if (el.type !== 'hidden' && el.type !== 'submit') el.value = data[el.name];
    });
  }
  function same(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b));
    return keys.every(function (k) {
      return (a[k] || '') === (b[k] || '');
    });
  }

  // What the server holds, as far as this page knows: the page as rendered, unless it was rendered
  // after a refused post (then it shows typed text the server does not have).
  var saved = form.getAttribute('data-unsaved') ? null : snapshot();
  var isDirty = function () {
    return !saved || !same(snapshot(), saved);
  };

  function setStatus(text, state) {
    if (!status) return;
    status.textContent = text;
    status.setAttribute('data-state', state || '');
  }
  function writeDraft() {
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify({ fields: snapshot(), baseRev: rev(), sent: sent, at: Date.now() }));
    } catch {
      // Storage full: the page and the server still hold the text.
    }
  }
  function dropDraft() {
    if (store) store.removeItem(key);
  }
  function banner(message, buttons) {
    var old = document.getElementById('rf-banner');
    if (old) old.parentNode.removeChild(old);
    var box = document.createElement('div');
    box.id = 'rf-banner';
    box.className = 'flash flash-error';
    box.setAttribute('role', 'alert');
    var p = document.createElement('p');
    p.textContent = message;
    box.appendChild(p);
    (buttons || []).forEach(function (b) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button-secondary';
      button.textContent = b.label;
      button.addEventListener('click', function () {
        box.parentNode.removeChild(box);
        b.action();
      });
      box.appendChild(button);
    });
    form.insertBefore(box, form.firstChild);
  }

  function changed() {
    if (stopped || submitting) return;
    if (!isDirty()) {
      dropDraft();
      return;
    }
    writeDraft();
    setStatus('Unsaved changes (kept in this browser)…', 'pending');
    schedule(DEBOUNCE_MS);
  }
  function schedule(delay) {
    clearTimeout(timer);
    var wait = Math.max(delay, lastSentAt + MIN_INTERVAL_MS - Date.now());
    timer = setTimeout(send, Math.max(0, wait));
  }

  function send() {
    if (stopped || submitting) return;
    if (inFlight) {
      again = true;
      return;
    }
    if (!isDirty()) {
      dropDraft();
      return;
    }
    var body = new URLSearchParams(new FormData(form));
    body.set('action', 'save');
    var snap = snapshot();
    inFlight = true;
    lastSentAt = Date.now();
    sent += 1;
    writeDraft();
    setStatus('Saving…', 'saving');
    fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            answered(res, data, snap);
          });
      })
      .catch(function () {
        inFlight = false;
        retry(0);
      });
  }

  function answered(res, data, snap) {
    inFlight = false;
    var code = res.status;
    if (code === 200) return confirmed(data, snap);
    if (code === 429) return retry(Number(res.headers.get('Retry-After')) * 1000 || 0);
    if (code >= 500 || code === 408) return retry(0);
    if (code === 409 && data.state) return closed();
    if (code === 409) return conflict(data);
    if (code === 404)
      return stop('This link no longer takes answers, so your latest changes were not saved.');
    if (code === 422) {
      var first = data.fields ? data.fields[Object.keys(data.fields)[0]] : null;
      setStatus('Not saved: ' + (first || data.error || 'the server refused this change.'), 'error');
      return resumeSubmit();
    }
    stop('Not saved: ' + (data.error || 'the server refused the form.') + ' Reload the page.');
  }

  function confirmed(data, snap) {
    failures = 0;
    sent = 0;
    revInput.value = String(data.rev);
    saved = snap;
    if (isDirty()) {
      writeDraft();
      setStatus('Saving…', 'saving');
      schedule(again ? 0 : DEBOUNCE_MS);
    } else {
      dropDraft();
      setStatus('Saved at ' + hhmm(data.savedAt ? new Date(data.savedAt) : new Date()) + '.', 'saved');
    }
    again = false;
    resumeSubmit();
  }

  function retry(after) {
    failures += 1;
    again = false;
    var delay = Math.max(after, Math.min(MAX_RETRY_MS, 2000 * Math.pow(2, failures - 1)));
    setStatus('Not saved yet (your answers are kept in this browser); trying again…', 'error');
    // The retry reads the fields again, so it always sends the newest text.
    schedule(delay);
    resumeSubmit();
  }

  function stop(message) {
    stopped = true;
    pendingSubmitter = null;
    clearTimeout(timer);
    setStatus(message, 'error');
    banner('Autosave has stopped: ' + message + ' Your answers are kept in this browser.');
  }

  // Submitted or declined from elsewhere: the page now shows that (and clears the draft).
  function closed() {
    stopped = true;
    window.location.reload();
  }

  function conflict(data) {
    stopped = true;
    pendingSubmitter = null;
    clearTimeout(timer);
    setStatus('Not saved: the answers were saved from another window or device.', 'error');
    banner('Your answers were saved from another window or device since this page was opened.', [
      {
        label: 'Keep the answers on this page',
        action: function () {
          revInput.value = String(data.rev);
          sent = 0;
          stopped = false;
          writeDraft();
          schedule(0);
        },
      },
      {
        label: 'Show the saved answers instead',
        action: function () {
          dropDraft();
          window.location.reload();
        },
      },
    ]);
  }

  // A Save or Submit clicked while a background save was on its way: send it now, with the new rev.
  function resumeSubmit() {
    if (!pendingSubmitter) return;
    var button = pendingSubmitter;
    pendingSubmitter = null;
    submitting = true;
    if (form.requestSubmit) form.requestSubmit(button);
    else button.click();
  }

  // After a reload: put back a draft the server has not seen, unless the answers were saved from
  // elsewhere since (then offer it instead of overwriting that newer save).
  (function restore() {
    var d = readJson(key);
    if (!d || !d.fields) return;
    if (same(d.fields, snapshot())) return dropDraft();
    if (rev() <= (Number(d.baseRev) || 0) + (Number(d.sent) || 0)) {
      apply(d.fields);
      setStatus('Restored your unsaved answers from this browser; saving…', 'pending');
      writeDraft();
      schedule(0);
      return;
    }
    setStatus('These answers were saved from another window after your last change here.', 'error');
    banner('This browser kept answers you had not saved, but the answers were saved from elsewhere since.', [
      {
        label: 'Use the answers kept in this browser',
        action: function () {
          apply(d.fields);
          changed();
        },
      },
      { label: 'Keep the saved answers', action: dropDraft },
    ]);
  })();

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('click', function (e) {
    if (e.target && e.target.type === 'submit') lastClicked = e.target;
  });
  form.addEventListener('submit', function (e) {
    clearTimeout(timer);
    if (inFlight && !submitting) {
      // Wait for the background save, which changes the revision this post must carry.
      e.preventDefault();
      pendingSubmitter = e.submitter || lastClicked;
      setStatus('Finishing the last save…', 'saving');
      return;
    }
    // The form carries every value; keep the draft until the next page confirms it.
    submitting = true;
    writeDraft();
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) submitting = false;
  });
  window.addEventListener('beforeunload', function (e) {
    // With a browser draft nothing is lost; without storage, warn before leaving unsaved text.
    if (submitting || store || !(inFlight || isDirty())) return;
    e.preventDefault();
    e.returnValue = '';
  });
})();
