/**
 * Overview: WorkflowScheduler on a Temporal Client: starts workflows on the Nimbus task queue and
 *   keeps interval schedules in place (create, or bring an existing one to the spec).
 * Architecture: workflows adapter (Temporal) for the application's WorkflowScheduler port.
 * Dependencies: @temporalio/client (workflow and schedule sub-clients).
 * Concepts: schedules use ScheduleOverlapPolicy.SKIP, so two runs of one job never overlap, and
 *   give each run a workflowExecutionTimeout a little under the interval (runTimeoutMs), so a
 *   run that never completes frees the schedule instead of blocking it for good; ensureSchedule
 *   writes nothing when the schedule already matches; a server that cannot be reached surfaces
 *   as ServiceUnavailableError.
 */
import { randomUUID } from 'node:crypto';
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  isGrpcServiceError,
  type Client,
  type ScheduleDescription,
  type ScheduleOptionsStartWorkflowAction,
  type Workflow,
} from '@temporalio/client';
import type { ScheduleSpec, WorkflowScheduler } from '../../../application/index.js';
import { TASK_QUEUE } from './constants.js';
import { temporalUnavailable } from './temporal-client.js';

export interface TemporalSchedulerOptions {
  /** Named in errors when the server cannot be reached. */
  readonly address: string;
  readonly taskQueue?: string;
}

// gRPC status codes that mean "the server is not there right now".
const UNREACHABLE = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

function isUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && UNREACHABLE.has(e.code)) return true;
  }
  return false;
}

const argsOf = (input: unknown): unknown[] => (input === undefined ? [] : [input]);

/** Shortest run timeout: a run on a short interval still gets time to be picked up and finish. */
export const MIN_RUN_TIMEOUT_MS = 60_000;

/**
 * How long a scheduled run may last: 90 % of the interval (at least MIN_RUN_TIMEOUT_MS), so a
 * stuck run ends before the next slot and that slot is not skipped.
 */
export function runTimeoutMs(intervalSeconds: number): number {
  return Math.max(MIN_RUN_TIMEOUT_MS, Math.floor(intervalSeconds * 900));
}

export class TemporalWorkflowScheduler implements WorkflowScheduler {
  private readonly taskQueue: string;

  constructor(
    private readonly client: Client,
    private readonly options: TemporalSchedulerOptions,
  ) {
    this.taskQueue = options.taskQueue ?? TASK_QUEUE;
  }

  async start(workflow: string, input?: unknown): Promise<{ workflowId: string; runId: string }> {
    const handle = await this.call(() =>
      this.client.workflow.start(workflow, {
        taskQueue: this.taskQueue,
        workflowId: `${workflow}-${randomUUID()}`,
        args: argsOf(input),
      }),
    );
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  }

  async ensureSchedule(spec: ScheduleSpec): Promise<void> {
    const action: ScheduleOptionsStartWorkflowAction<Workflow> = {
      type: 'startWorkflow',
      workflowType: spec.workflow,
      taskQueue: this.taskQueue,
      args: argsOf(spec.input),
      workflowExecutionTimeout: runTimeoutMs(spec.intervalSeconds),
    };
    const intervals = [{ every: spec.intervalSeconds * 1000 }];
    const policies = { overlap: ScheduleOverlapPolicy.SKIP };
    await this.call(async () => {
      try {
        await this.client.schedule.create({ scheduleId: spec.id, spec: { intervals }, action, policies });
        return;
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
      const handle = this.client.schedule.getHandle(spec.id);
      if (this.matches(await handle.describe(), spec)) return;
      await handle.update((previous) => ({
        ...previous,
        spec: { intervals },
        action,
        policies: { ...previous.policies, ...policies },
      }));
    });
  }

  private matches(current: ScheduleDescription, spec: ScheduleSpec): boolean {
    const { intervals = [], calendars = [] } = current.spec;
    return (
      intervals.length === 1 &&
      intervals[0]?.every === spec.intervalSeconds * 1000 &&
      !intervals[0]?.offset &&
      calendars.length === 0 &&
      current.action.workflowType === spec.workflow &&
      current.action.taskQueue === this.taskQueue &&
      JSON.stringify(current.action.args ?? []) === JSON.stringify(argsOf(spec.input)) &&
      current.action.workflowExecutionTimeout === runTimeoutMs(spec.intervalSeconds) &&
      current.policies.overlap === ScheduleOverlapPolicy.SKIP
    );
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw isUnreachable(error) ? temporalUnavailable(this.options.address, error) : error;
    }
  }
}
