/** A field's message, right next to it; its id is what the field's aria-describedby names. */
export function FieldMessage({ id, testId, message }: { id: string; testId: string; message: string | null }) {
  if (!message) return null;
  return (
    <span id={id} className="field-error setup-message" role="alert" data-testid={testId}>
      {message}
    </span>
  );
}
