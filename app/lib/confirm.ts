/** A form's onSubmit that asks first: destructive actions need a yes. */
export const confirmFirst = (message: string) => (e: React.FormEvent) => {
  if (!window.confirm(message)) e.preventDefault();
};
