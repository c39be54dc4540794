/** Exit codes of the `pdes` CLI (README "Command line"): no imports, so main.ts stays light. */

/** Usage error: bad flag, missing argument, bad value. */
export const EXIT_USAGE = 2;
/** EX_DATAERR: the input data is malformed. */
export const EXIT_DATA = 65;
/** Anything else. */
export const EXIT_FAILURE = 1;
