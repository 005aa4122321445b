// How a benchmark command ends: main()'s number is the exit code; a failure is logged whole (these are developer
// tools: the stack helps) and exits 1.
export function runMain(main: () => Promise<number>, log: (line: string) => void): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}
