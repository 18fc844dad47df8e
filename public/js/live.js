// Live panel updates (progressive enhancement): an element with data-live-events and
// data-live-src listens to the interview's Server-Sent Events and, on each change, fetches its
// content again from data-live-src and swaps it in, keeping what the user was typing and where
// the focus was. EventSource reconnects by itself and resumes with Last-Event-ID; the server says
// "reset" when it cannot replay what was missed, and the content is fetched again.
(function () {
  'use strict';
  if (!window.EventSource || !window.fetch) return;
  var EVENTS = ['progress', 'submitted', 'revealed', 'rating-changed', 'consensus', 'recommendation',
    'signoff', 'completed', 'cancelled', 'reset'];

  function controls(root) {
    return Array.prototype.slice.call(root.querySelectorAll('input, select, textarea'));
  }
  function isDirty(c) {
    if (c.type === 'hidden' || c.type === 'submit') return false;
    if (c.type === 'radio' || c.type === 'checkbox') return c.checked !== c.defaultChecked;
    if (c.tagName === 'SELECT') {
      return Array.prototype.some.call(c.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return c.value !== c.defaultValue;
  }
  function keyOf(c) {
    if (c.type === 'radio' || c.type === 'checkbox') {
      return c.form && c.form.id ? c.form.id + '|' + c.name + '|' + c.value : null;
    }
    return c.id || null;
  }
  // What the user has typed or chosen and not yet sent, the open <details>, the focus.
  function snapshot(root) {
    var s = { values: {}, open: {}, focus: null, start: null, end: null };
    controls(root).forEach(function (c) {
      var k = keyOf(c);
      if (k && isDirty(c)) s.values[k] = c.type === 'radio' || c.type === 'checkbox' ? c.checked : c.value;
    });
    Array.prototype.forEach.call(root.querySelectorAll('details'), function (d) {
      var f = d.querySelector('form[id]');
      if (f) s.open[f.id] = d.open;
    });
    var a = document.activeElement;
    if (a && root.contains(a) && a.id) {
      s.focus = a.id;
      try { s.start = a.selectionStart; s.end = a.selectionEnd; } catch { /* not a text field */ }
    }
    return s;
  }
  function restore(root, s) {
    controls(root).forEach(function (c) {
      var k = keyOf(c);
      if (!k || !(k in s.values)) return;
      if (c.type === 'radio' || c.type === 'checkbox') c.checked = s.values[k];
      else c.value = s.values[k];
    });
    Array.prototype.forEach.call(root.querySelectorAll('details'), function (d) {
      var f = d.querySelector('form[id]');
      if (f && f.id in s.open) d.open = s.open[f.id];
    });
    if (s.focus) {
      var el = document.getElementById(s.focus);
      if (el && root.contains(el)) {
        el.focus();
        try { if (s.start != null) el.setSelectionRange(s.start, s.end); } catch { /* not a text field */ }
      }
    }
  }

  function live(root) {
    var src = root.getAttribute('data-live-src');
    var status = document.createElement('p');
    status.className = 'live-status';
    status.textContent = 'Connecting to live updates…';
    root.parentNode.insertBefore(status, root);
    var inFlight = false;
    var again = false;
    var timer = null;

    function refresh() {
      if (inFlight) { again = true; return; }
      inFlight = true;
      fetch(src, { credentials: 'same-origin', headers: { Accept: 'text/html' }, cache: 'no-store' })
        .then(function (res) {
          if (!res.ok) throw new Error('HTTP ' + res.status);
          return res.text();
        })
        .then(function (html) {
          var s = snapshot(root);
          root.innerHTML = html;
          restore(root, s);
          root.dispatchEvent(new CustomEvent('live:updated', { bubbles: true }));
        })
        .catch(function () { status.textContent = 'Live updates paused: reload the page to see the latest.'; })
        .then(function () {
          inFlight = false;
          if (again) { again = false; refresh(); }
        });
    }
    // Events often come in bursts (a save, then a submit): fetch once per burst.
    function soon() {
      if (timer) return;
      timer = setTimeout(function () { timer = null; refresh(); }, 50);
    }

    var source = new EventSource(root.getAttribute('data-live-events'));
    var dropped = false;
    source.onopen = function () {
      status.textContent = 'Live: this section updates by itself.';
      if (dropped) { dropped = false; soon(); }
    };
    source.onerror = function () {
      dropped = true;
      status.textContent = source.readyState === EventSource.CLOSED
        ? 'Live updates stopped: reload the page.'
        : 'Reconnecting to live updates…';
    };
    EVENTS.forEach(function (type) { source.addEventListener(type, soon); });
    // An empty container (the scoring page's panel status) is filled at once.
    if (!root.children.length) soon();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-live-events][data-live-src]'), live);
})();
