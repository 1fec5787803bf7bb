// The register's picker (enterprises.forms.EnterpriseNameInput): when the typed name is one of the offered
// enterprises, fill the form's credit-code field (and an empty address) from it.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.enterpriseCode || !input.list) return;
  const option = Array.from(input.list.options).find((o) => o.value === input.value);
  if (!option) return;
  const form = input.form;
  const code = form && form.elements.namedItem(input.dataset.enterpriseCode);
  if (code && "value" in code) {
    code.value = option.dataset.code || "";
    // Whatever follows the form (the inspection form's visit warnings) hears of the code filled in.
    code.dispatchEvent(new Event("change", { bubbles: true }));
  }
  const address = form && form.elements.namedItem("address");
  if (address && "value" in address && !address.value) address.value = option.dataset.address || "";
});
