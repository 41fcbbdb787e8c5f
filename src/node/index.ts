/**
 * jiuzhu for Node: everything `jiuzhu` exports, and what needs the file system or threads — policies read from rule
 * folders, stores of policy packs, NDJSON record logs, screening of files and streams on worker threads.
 * `loadPolicy` and `policyStore` here also take directories.
 *
 * @example
 * import { loadPolicy, evaluate, openRecordLog, toRecord } from 'jiuzhu/node';
 * const policy = await loadPolicy({ dir: './my-rules/provinces/guangdong' });
 * const log = await openRecordLog('decisions.ndjson');
 * await log.append(toRecord(await evaluate(policy, household, { asOf: '2023-06-01' }), household));
 */
export * from '../index.js';
export { loadPolicy, readPolicyDocument, type PolicySource } from './policy/load.js';
export { policyStore, bundledPolicyStore, bundledStoreDirectory, packPolicy, readPolicyPack } from './audit/store.js';
export { openRecordLog, readRecordLog, parseLogLine, type RecordAppender, type AppenderOptions, type LogEntry } from './audit/log.js';
export { replayLog, type LogReplay } from './audit/replayLog.js';
export { screen, type ScreenOptions } from './screen/screen.js';
export { screenFile, screenStream, type ScreenFileOptions, type ScreenCounts } from './screen/file.js';
export { CSV_COLUMNS } from './screen/rows.js';
export { CSV_ENCODINGS, type CsvEncoding } from './screen/csvRecords.js';
