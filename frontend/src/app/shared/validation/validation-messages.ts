/**
 * Overview: the messages Taiga's <tui-error> shows for each validation error key.
 * Architecture: shared provider, registered once in app.config.ts.
 * Dependencies: @taiga-ui/core (TUI_VALIDATION_ERRORS).
 * Concepts: a control error `{ server: 'message' }` (set from an API answer) is shown as is.
 */
import type { Provider } from '@angular/core';
import { tuiValidationErrorsProvider } from '@taiga-ui/core';

export function provideValidationMessages(): Provider {
  return tuiValidationErrorsProvider({
    required: 'This field is required',
    email: 'Enter a valid email address, like name@example.com',
    maxlength: ({ requiredLength }: { requiredLength: number }) =>
      `Use at most ${requiredLength} characters`,
    passwordMismatch: 'The passwords do not match',
    server: (message: string) => message,
  });
}
