// Live checking of the edit form: on each change the form is sent to its own address
// with check=1 (the 確認 button's round trip: the save's readers, nothing written) and
// each field's message is taken from the page the server answers. Without this script
// the 確認 button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form.edit-form");
  if (!form || !window.fetch || !window.DOMParser || !window.FormData) {
    return;
  }
  var sent = 0;
  var timer = null;

  function update(field, fresh) {
    var input = field.querySelector("input, select, textarea");
    var old = field.querySelector(".field-error");
    if (old) {
      old.remove();
    }
    var twin = fresh ? fresh.querySelector("#" + CSS.escape(input.id)) : null;
    var message = fresh ? fresh.querySelector(".field-error") : null;
    if (twin) {
      ["aria-invalid", "aria-describedby"].forEach(function (name) {
        if (twin.hasAttribute(name)) {
          input.setAttribute(name, twin.getAttribute(name));
        } else {
          input.removeAttribute(name);
        }
      });
    }
    if (message) {
      var copy = document.importNode(message, true);
      copy.setAttribute("role", "status");
      field.appendChild(copy);
      field.classList.add("has-error");
    } else {
      field.classList.remove("has-error");
    }
  }

  function check() {
    var mine = ++sent;
    var data = new FormData(form);
    data.set("check", "1");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== sent) {
          return; // a later change is being checked
        }
        var page = new DOMParser().parseFromString(html, "text/html");
        form.querySelectorAll(".field").forEach(function (field) {
          var input = field.querySelector("input, select, textarea");
          if (!input || !input.id) {
            return;
          }
          var twin = page.getElementById(input.id);
          update(field, twin ? twin.closest(".field") : null);
        });
      })
      .catch(function () { /* the 確認 button still works */ });
  }

  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 250);
  });
})();
