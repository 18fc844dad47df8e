// Drag-and-drop reordering for the guide builder. Progressive enhancement: without this file the
// Up and Down buttons do the same with plain forms. The new order goes to POST /guides/:id/order
// with the CSRF token from <meta name="csrf-token"> in the X-CSRF-Token header.
(function () {
  'use strict';
  var root = document.getElementById('guide-sections');
  if (!root || !window.fetch) return;
  document.documentElement.classList.add('js');
  var guideId = root.getAttribute('data-guide');
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute('content') : '';

  function post(body) {
    return fetch('/guides/' + guideId + '/order', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        // Reload so the numbering, the buttons and the version status match the saved order.
        window.location.reload();
      })
      .catch(function () {
        window.alert(
          'The new order could not be saved. Reload the page and try again, or use the Up and Down buttons.',
        );
      });
  }

  function ids(list, selector) {
    return Array.prototype.map.call(list.querySelectorAll(':scope > ' + selector), function (el) {
      return el.getAttribute('data-id');
    });
  }

  function sortable(list, selector, onDrop) {
    var dragged = null;
    Array.prototype.forEach.call(list.querySelectorAll(':scope > ' + selector), function (item) {
      // Only the handle starts a drag, so text in the item's fields stays selectable.
      var handle = item.querySelector('.drag-handle');
      if (!handle) return;
      handle.addEventListener('mousedown', function () {
        item.setAttribute('draggable', 'true');
      });
      item.addEventListener('mouseup', function () {
        item.removeAttribute('draggable');
      });
      item.addEventListener('dragstart', function (e) {
        if (e.target !== item) return;
        dragged = item;
        item.classList.add('dragging');
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', item.getAttribute('data-id'));
        e.stopPropagation();
      });
      item.addEventListener('dragend', function () {
        item.classList.remove('dragging');
        item.removeAttribute('draggable');
      });
      item.addEventListener('dragover', function (e) {
        if (!dragged || dragged === item || dragged.parentNode !== list) return;
        e.preventDefault();
        e.stopPropagation();
        var rect = item.getBoundingClientRect();
        var after = e.clientY > rect.top + rect.height / 2;
        list.insertBefore(dragged, after ? item.nextSibling : item);
      });
      item.addEventListener('drop', function (e) {
        if (!dragged || dragged.parentNode !== list) return;
        e.preventDefault();
        e.stopPropagation();
        dragged = null;
        onDrop();
      });
    });
  }

  var initialSections = ids(root, '.guide-section').join(',');
  sortable(root, '.guide-section', function () {
    var order = ids(root, '.guide-section');
    if (order.join(',') !== initialSections) post({ sections: order });
  });
  Array.prototype.forEach.call(root.querySelectorAll('.guide-questions'), function (list) {
    var initial = ids(list, '.guide-question').join(',');
    sortable(list, '.guide-question', function () {
      var order = ids(list, '.guide-question');
      if (order.join(',') !== initial) post({ section: list.getAttribute('data-section'), questions: order });
    });
  });
})();
