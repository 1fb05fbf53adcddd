/* global document, window, HTMLInputElement, HTMLElement */
// Progressive enhancements that need a few lines of script. Served same-origin under a nonce CSP: no inline code,
// no eval, no hx-on attributes.
(function () {
  'use strict';

  // "Select all" toggles every enabled item checkbox of its own form.
  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.hasAttribute('data-select-all') || !box.form) return;
    box.form.querySelectorAll('input[type=checkbox][name=item]:not(:disabled)').forEach(function (item) {
      item.checked = box.checked;
    });
  });

  // After htmx replaces a region, move focus to its status message so keyboard and screen-reader users hear the result.
  document.addEventListener('htmx:after:swap', function () {
    var status = document.querySelector('[data-focus-after-swap]');
    if (status instanceof HTMLElement && status.textContent && status.textContent.trim() !== '') status.focus();
  });

  // 5xx answers are not swapped (see the htmx-config meta tag) and network failures swap nothing, so say so here.
  function showProblem(text) {
    var region = document.querySelector('[data-focus-after-swap]') || document.querySelector('main');
    if (!region) return;
    var note = document.createElement('p');
    note.className = 'notice error';
    note.setAttribute('role', 'alert');
    note.textContent = text;
    region.prepend(note);
  }
  document.addEventListener('htmx:response:error', function (event) {
    var status = event.detail && event.detail.ctx && event.detail.ctx.response ? event.detail.ctx.response.status : 0;
    if (status >= 500) showProblem('The portal hit an unexpected problem and did not record this. Try again, or reload the page.');
  });
  document.addEventListener('htmx:error', function () {
    showProblem('The portal could not be reached, so nothing was recorded. Check your connection and try again.');
  });

  // Confirmation for destructive buttons, declared with data-confirm (htmx's hx-confirm would need eval under CSP).
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var message = submitter && submitter.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);
})();
