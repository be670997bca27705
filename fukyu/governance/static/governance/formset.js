// "Add a row" for Django formsets: clones the <template id="PREFIX-empty"> row and numbers it.
(function () {
  "use strict";
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    button.addEventListener("click", function () {
      var prefix = button.getAttribute("data-formset-add");
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var template = document.getElementById(prefix + "-empty");
      var body = document.querySelector('[data-formset-body="' + prefix + '"]');
      if (!total || !template || !body) { return; }
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var rows = body.querySelectorAll("tr");
      var first = rows[rows.length - 1].querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    });
  });
})();
