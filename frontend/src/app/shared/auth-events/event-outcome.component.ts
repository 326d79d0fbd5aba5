/**
 * Overview: an auth event's outcome as a badge: "Succeeded" with a check, or "Failed" with a
 *   cross on the negative colour, so a failure reads in words and shape, not colour alone.
 * Architecture: shared presentational component (Activity page, "Recent sign-ins" card).
 * Dependencies: Taiga UI badge.
 * Concepts: every auth event has an outcome, SUCCESS or FAILURE.
 */
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TuiBadge } from '@taiga-ui/kit';
import type { AuthEventOutcome } from '../../core/graphql/auth-events';

@Component({
  selector: 'nb-event-outcome',
  imports: [TuiBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span
      tuiBadge
      size="m"
      data-testid="event-outcome"
      [appearance]="failed() ? 'negative' : 'positive'"
      [iconStart]="failed() ? '@tui.circle-x' : '@tui.circle-check'"
      [attr.data-outcome]="outcome()"
    >
      {{ failed() ? 'Failed' : 'Succeeded' }}
    </span>
  `,
})
export class EventOutcomeComponent {
  readonly outcome = input.required<AuthEventOutcome>();
  protected readonly failed = computed(() => this.outcome() === 'FAILURE');
}
