/**
 * Overview: the root component: Taiga UI's root (portals, dropdowns, theming) around the router.
 * Architecture: application shell, bootstrapped by main.ts.
 * Dependencies: @angular/router, @taiga-ui/core (TuiRoot).
 * Concepts: every page is a routed, lazy-loaded component.
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { TuiRoot } from '@taiga-ui/core';

@Component({
  selector: 'nb-root',
  imports: [RouterOutlet, TuiRoot],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <tui-root>
      <router-outlet />
    </tui-root>
  `,
})
export class AppComponent {}
