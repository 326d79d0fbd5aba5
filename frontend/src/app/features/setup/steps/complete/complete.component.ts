/**
 * Overview: wizard step 4: setup is done, the admin is signed in; on to the dashboard.
 * Architecture: presentational step of the setup wizard; the container navigates.
 * Dependencies: @angular/core, Taiga UI.
 * Concepts: setup cannot be run twice: this page is the only time the wizard shows.
 */
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TuiButton, TuiIcon } from '@taiga-ui/core';

@Component({
  selector: 'nb-setup-complete',
  imports: [TuiButton, TuiIcon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="done">
      <tui-icon icon="@tui.circle-check" class="done__icon" />
      <h2 class="step-title">Nimbus is ready</h2>
      <p class="lead">
        <strong>{{ organizationName() }}</strong> is set up and you are signed in as
        <strong>{{ email() }}</strong>.
      </p>
      <button
        tuiButton
        type="button"
        size="l"
        iconEnd="@tui.arrow-right"
        data-testid="wizard-finish"
        (click)="openDashboard.emit()"
      >
        Go to the dashboard
      </button>
      <p class="hint" aria-live="polite">Opening the dashboard in a moment…</p>
    </div>
  `,
  styles: `
    .done {
      display: grid;
      justify-items: center;
      gap: 0.75rem;
      padding: 1rem 0 0.5rem;
      text-align: center;
    }
    .done__icon {
      font-size: 3.5rem;
      color: var(--tui-status-positive);
    }
    .hint {
      margin: 0;
      color: var(--tui-text-tertiary);
      font: var(--tui-typography-body-s);
    }
  `,
})
export class CompleteComponent {
  readonly email = input.required<string>();
  readonly organizationName = input.required<string>();
  readonly openDashboard = output();
}
