// Review page of a document import: following a "line N" link marks that line, and the
// competency and level fields of a reassign form are disabled when the chosen target needs none.
(function () {
  'use strict';
  function mark() {
    document.querySelectorAll('.fi-line.fi-current').forEach(function (el) {
      el.classList.remove('fi-current');
    });
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains('fi-line')) target.classList.add('fi-current');
  }
  window.addEventListener('hashchange', mark);
  mark();
  document.querySelectorAll('.fi-assign-form').forEach(function (form) {
    var target = form.querySelector('select[name="target"]');
    var competency = form.querySelector('select[name="competency"]');
    var level = form.querySelector('input[name="level"]');
    function sync() {
      var none = target.value === 'ignore' || target.value === 'competency';
      competency.disabled = none;
      level.disabled = none || !(target.value === 'level' || target.value === 'indicator');
    }
    target.addEventListener('change', sync);
    sync();
  });
})();
