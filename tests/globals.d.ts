// Test code reads JSON bodies whose shape each test asserts; let it say so.
interface Response { json<T = any>(): Promise<T> } // eslint-disable-line @typescript-eslint/no-explicit-any
