/**
 * Overview: the first-run setup wizard: welcome → administrator → organisation → done, with a
 *   progress indicator, back/next, validation per step and the submit on the organisation step.
 * Architecture: feature page (route /setup, guarded by setupGuard); owns the forms and the step,
 *   the step components only render them.
 * Dependencies: SetupService, Router, Taiga UI (stepper, buttons, notifications).
 * Concepts: setup runs once; the answer carries the admin's first tokens (automatic sign-in);
 *   an optional setup token; the server's field errors are put back on the right step.
 */
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
} from '@angular/core';
import { Router } from '@angular/router';
import { TuiButton, TuiNotification } from '@taiga-ui/core';
import { TuiButtonLoading, TuiStepper } from '@taiga-ui/kit';
import { type ApiError, formatWait, toApiError } from '../../core/http/api-error';
import { LogoComponent } from '../../shared/components/logo/logo.component';
import { provideFormDefaults } from '../../shared/forms/form-defaults';
import {
  createAdminForm,
  createOrganizationForm,
  requireSetupToken,
  ServerErrors,
  toInitializeRequest,
} from './setup.forms';
import { SetupService } from './setup.service';
import { AdminComponent } from './steps/admin/admin.component';
import { CompleteComponent } from './steps/complete/complete.component';
import { OrganizationComponent } from './steps/organization/organization.component';
import { WelcomeComponent } from './steps/welcome/welcome.component';

export const WIZARD_STEPS = ['Welcome', 'Administrator', 'Organisation', 'Done'] as const;
export type WizardStep = 0 | 1 | 2 | 3;
const SUBMIT_STEP = 2;
const DONE_STEP = 3;
/** How long the "done" step stays before the dashboard opens on its own. */
export const FINISH_DELAY_MS = 3000;

const FIELD_STEP: Readonly<Record<string, { step: WizardStep; control: string }>> = {
  adminEmail: { step: 1, control: 'email' },
  adminPassword: { step: 1, control: 'password' },
  organizationName: { step: 2, control: 'organizationName' },
  setupToken: { step: 2, control: 'setupToken' },
};

@Component({
  selector: 'nb-setup',
  imports: [
    TuiButton,
    TuiButtonLoading,
    TuiNotification,
    TuiStepper,
    LogoComponent,
    WelcomeComponent,
    AdminComponent,
    OrganizationComponent,
    CompleteComponent,
  ],
  providers: [provideFormDefaults()],
  templateUrl: './setup.component.html',
  styleUrl: './setup.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SetupComponent {
  private readonly setup = inject(SetupService);
  private readonly router = inject(Router);
  private finishTimer: ReturnType<typeof setTimeout> | undefined;

  protected readonly steps = WIZARD_STEPS;
  protected readonly adminForm = createAdminForm();
  protected readonly organizationForm = createOrganizationForm();
  private readonly serverErrors = new ServerErrors();

  readonly step = signal<WizardStep>(0);
  protected readonly tokenRequired = signal(false);
  protected readonly statusError = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly submitError = signal<string | null>(null);
  protected readonly completed = signal<{ email: string; organizationName: string } | null>(null);
  protected readonly done = computed(() => this.step() === DONE_STEP);

  constructor() {
    this.serverErrors.attach(this.adminForm, this.organizationForm);
    inject(DestroyRef).onDestroy(() => clearTimeout(this.finishTimer));
    void this.loadStatus();
  }

  async loadStatus(): Promise<void> {
    this.statusError.set(null);
    try {
      const status = await this.setup.status();
      if (status.initialized) {
        await this.router.navigate(['/login']);
        return;
      }
      this.setTokenRequired(status.setupTokenRequired);
    } catch (caught) {
      this.statusError.set(toApiError(caught).message);
    }
  }

  /** The primary action of the current step (also what Enter does). */
  primary(): void {
    if (this.step() === SUBMIT_STEP) void this.submit();
    else this.next();
  }

  next(): void {
    const step = this.step();
    if (step >= SUBMIT_STEP) return;
    if (step === 1 && !this.validate(this.adminForm)) return;
    this.submitError.set(null);
    this.step.set((step + 1) as WizardStep);
  }

  back(): void {
    const step = this.step();
    if (step === 0 || this.done() || this.submitting()) return;
    this.submitError.set(null);
    this.step.set((step - 1) as WizardStep);
  }

  /** Steps already passed can be revisited from the progress indicator; later ones cannot. */
  canVisit(index: number): boolean {
    return !this.done() && !this.submitting() && index <= this.step();
  }

  goTo(index: number): void {
    if (this.canVisit(index)) this.step.set(index as WizardStep);
  }

  async submit(): Promise<void> {
    if (this.submitting() || this.step() !== SUBMIT_STEP) return;
    if (!this.validate(this.adminForm)) {
      this.step.set(1);
      return;
    }
    if (!this.validate(this.organizationForm)) return;
    this.submitting.set(true);
    this.submitError.set(null);
    try {
      const request = toInitializeRequest(
        this.adminForm,
        this.organizationForm,
        this.tokenRequired(),
      );
      const result = await this.setup.initialize(request);
      this.completed.set({ email: result.admin.email, organizationName: result.provider.name });
      this.step.set(DONE_STEP);
      this.finishTimer = setTimeout(() => void this.finish(), FINISH_DELAY_MS);
    } catch (caught) {
      this.showSubmitError(toApiError(caught));
    } finally {
      this.submitting.set(false);
    }
  }

  async finish(): Promise<void> {
    clearTimeout(this.finishTimer);
    await this.router.navigate(['/dashboard']);
  }

  private validate(form: typeof this.adminForm | typeof this.organizationForm): boolean {
    if (form.valid) return true;
    form.markAllAsTouched();
    return false;
  }

  private setTokenRequired(required: boolean): void {
    this.tokenRequired.set(required);
    requireSetupToken(this.organizationForm, required, this.serverErrors);
  }

  private showSubmitError(error: ApiError): void {
    switch (error.code) {
      case 'SETUP_TOKEN_INVALID':
        this.setTokenRequired(true);
        this.markServerError('setupToken', error.message);
        break;
      case 'SETUP_ALREADY_COMPLETED':
        break;
      case 'VALIDATION_ERROR': {
        const steps = error.details.map((issue) => {
          const target = FIELD_STEP[issue.field];
          if (target) this.markServerError(target.control, issue.message);
          return target?.step ?? SUBMIT_STEP;
        });
        if (steps.length > 0) this.step.set(Math.min(...steps) as WizardStep);
        break;
      }
    }
    this.submitError.set(
      error.status === 429
        ? `Too many attempts. Try again in ${formatWait(error.retryAfterSeconds ?? 60)}.`
        : error.message,
    );
  }

  private markServerError(control: string, message: string): void {
    const target = this.adminForm.get(control) ?? this.organizationForm.get(control);
    if (target) this.serverErrors.set(control, target, message);
  }
}
