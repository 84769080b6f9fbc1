// The correction form: choosing a field fills in its current value.
"use strict";
(function () {
  const field = document.getElementById("correct-field");
  const value = document.getElementById("correct-value");
  if (!field || !value) return;
  field.addEventListener("change", function () {
    value.value = field.selectedOptions[0].dataset.current || "";
  });
})();
