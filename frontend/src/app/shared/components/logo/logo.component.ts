/**
 * Overview: the Nimbus mark (a cloud) and word mark.
 * Architecture: shared presentational component (header, login page, setup wizard).
 * Dependencies: @angular/core.
 * Concepts: inline SVG, so the logo needs no request and no image exception in the CSP.
 */
import { ChangeDetectionStrategy, Component, input } from '@angular/core';

@Component({
  selector: 'nb-logo',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg class="mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="9" />
      <path d="M10.5 22.5h11a4.5 4.5 0 0 0 .6-8.96 6 6 0 0 0-11.5 1.7 3.65 3.65 0 0 0-.1 7.26Z" />
    </svg>
    @if (withName()) {
      <span class="name">Nimbus</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.625rem;
      color: var(--tui-text-primary);
      font: var(--tui-typography-heading-h6);
      letter-spacing: -0.01em;
    }
    .mark {
      inline-size: 2rem;
      block-size: 2rem;
      flex: none;
    }
    .mark rect {
      fill: var(--tui-background-accent-1);
    }
    .mark path {
      fill: #fff;
    }
  `,
})
export class LogoComponent {
  readonly withName = input(true);
}
