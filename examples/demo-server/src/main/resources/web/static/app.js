// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Password visibility toggles: the button stays hidden unless this script runs.
  document.querySelectorAll('button[data-reveal]').forEach(function (button) {
    var input = document.getElementById(button.getAttribute('data-reveal'));
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      button.textContent = show ? 'Hide' : 'Show';
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
    });
  });
  // Copy buttons (the API key shown once): copies the text of the element named by data-copy.
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = 'Copied';
      });
    });
  });
  // Move focus to the error summary after a failed submission, so screen readers announce it.
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); }
})();
