// Types of run-logs.cjs, for test/runLogs.test.ts.
export interface Verdict {
	ok: boolean;
	reason?: string;
	/** Every node whose run failed, tolerated ones included. */
	failedNodes: string[];
	/** Failed nodes the caller said may fail on purpose. */
	toleratedNodes: string[];
}
export function judgeRun(data: unknown, options?: { failingNodes?: string[] }): Verdict;
export function loadProblems(logText: string, options: { packageName: string; names?: string[] }): string[];
export function logWithoutRunData(output: string): string;
export function devTerminalLine(line: string, options?: { seen?: Set<string>; logFile?: string }): string | undefined;
