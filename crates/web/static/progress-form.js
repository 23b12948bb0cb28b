// The progress report form: fields shown only when they apply. Without this
// file (or without JavaScript) every field stays visible with its note.
// Loaded from /static/ (the Content-Security-Policy allows no inline script).
(function () {
  'use strict';
  var status = document.getElementById('status');
  var reason = document.getElementById('reason');
  var adopted = document.getElementById('budget_adopted');
  var disbursed = document.getElementById('budget_disbursed');
  var notDone = document.querySelectorAll('[data-when="not_done"]');
  var other = document.querySelectorAll('[data-when="reason_other"]');
  var overspend = document.querySelectorAll('[data-when="overspend"]');
  function amount(input) {
    if (!input) { return NaN; }
    return parseFloat(input.value.replace(/[,\s]/g, ''));
  }
  function show(nodes, visible) {
    for (var i = 0; i < nodes.length; i++) {
      // A field with an error message stays visible whatever the choice.
      nodes[i].hidden = !visible && !nodes[i].querySelector('[aria-invalid="true"]');
    }
  }
  function sync() {
    var isNotDone = status && status.value === 'not_done';
    show(notDone, isNotDone);
    show(other, isNotDone && reason && reason.value === 'other');
    var over = amount(disbursed) > amount(adopted);
    var typed = document.getElementById('overspend_reason');
    show(overspend, over || (typed && typed.value.trim() !== ''));
  }
  [status, reason, adopted, disbursed].forEach(function (el) {
    if (el) {
      el.addEventListener('change', sync);
      el.addEventListener('input', sync);
    }
  });
  sync();
}());
