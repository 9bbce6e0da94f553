export { AppError, isAppError, errorKinds } from './app-error';
export type { ErrorKind, FieldProblem, AppErrorDetails } from './app-error';
export { systemClock, manualClock } from './clock';
export type { Clock, ManualClock } from './clock';
export { silentLogger } from './logger';
export type { Logger } from './logger';
export { unstorableText } from './storable-text';
export type { UnstorableText } from './storable-text';
