// Move focus to the error summary after a failed submit, so keyboard and screen-reader
// users hear what went wrong first. Everything works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".los-error-summary");
  if (summary) {
    summary.focus();
  }
});
