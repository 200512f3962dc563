/* takeup dashboards: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // An error summary takes focus when the page loads, so screen reader and keyboard users land on it
  // (the GOV.UK pattern).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // Copy buttons: shown only where the browser can copy; they copy the text of the element they name.
  if (navigator.clipboard && window.isSecureContext) {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!source) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (status) {
            status.textContent = "Copied";
            window.setTimeout(function () { status.textContent = ""; }, 4000);
          }
        }, function () {
          if (status) {
            status.textContent = "Could not copy: select the text and copy it instead";
          }
        });
      });
    });
  }

  // Forms that cannot be undone (deleting a user, revoking a token) ask first.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
