// Review page of a document import: following a "line N" link marks that line, and the
// competency and level fields of a reassign form are disabled when the chosen target needs none,
// and the level list offers only the chosen competency's levels.
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
    var level = form.querySelector('select[name="level"]');
    function sync() {
      var none = target.value === 'ignore' || target.value === 'competency';
      competency.disabled = none;
      level.disabled = none || !(target.value === 'level' || target.value === 'indicator');
      // Offer only the levels of the competency chosen.
      level.querySelectorAll('optgroup').forEach(function (group) {
        var other = group.getAttribute('data-competency') !== competency.value;
        group.hidden = other;
        group.disabled = other;
        if (other && group.contains(level.selectedOptions[0])) level.value = '';
      });
    }
    target.addEventListener('change', sync);
    competency.addEventListener('change', sync);
    sync();
  });
})();
