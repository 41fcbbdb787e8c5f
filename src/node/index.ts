/**
 * jiuzhu for Node: everything `jiuzhu` exports, and what needs the file system or threads — policies read from rule
 * folders, stores of policy packs, hash-chained NDJSON record logs, screening of files and streams on worker threads.
 * `loadPolicy` and `policyStore` here also take directories.
 *
 * @example
 * import { loadPolicy, evaluate, openRecordLog, toRecord } from 'jiuzhu/node';
 * const policy = await loadPolicy({ dir: './my-rules/provinces/guangdong' });
 * const log = await openRecordLog('decisions.ndjson');
 * await log.append(toRecord(await evaluate(policy, household, { asOf: '2023-06-01' }), household));
 */
import { useSha256Implementation } from '../core/audit/canonical.js';
import { nodeSha256Hex } from './audit/sha256.js';

export * from '../index.js';
export { loadPolicy, readPolicyDocument, type FileNaming, type PolicySource } from './policy/load.js';
export { validatePolicy, type ValidateOptions, type Validation } from './policy/validate.js';
export { policyStore, bundledPolicyStore, bundledStoreDirectory, packPolicy, readPolicyPack, packsOfVersion } from './audit/store.js';
export { openRecordLog, parseLogLine, MAX_LOG_LINE_BYTES, type RecordAppender, type AppenderOptions, type LogEntry } from './audit/log.js';
export { readRecordLog, checkRecordLog, type LogLine } from './audit/readLog.js';
export { replayLog, verifyLog, type LogReplay, type LogVerification, type LogReadOptions } from './audit/replayLog.js';
export { checkLog, type CheckedLine, type LogCheckOptions } from './audit/checkLog.js';
export { ChainCheck, chainLinkOf, type ChainLink, type ChainHead, type ChainReport, type LogFinding } from './audit/chain.js';
export { logHeader, LOG_FORMAT, type LogHeader } from './audit/header.js';
export type { VerifyResult } from './audit/batch.js';
export type { RecordSummary, GrantedProgram } from './audit/summary.js';
export { ReplayReport, reportFormat, type ReportFormat, type ReportRow } from './audit/reportFile.js';
export { screen, type ScreenOptions } from './screen/screen.js';
export { screenFile, screenStream, type ScreenFileOptions, type ScreenCounts } from './screen/file.js';
export { CSV_COLUMNS } from './screen/rows.js';
export { CSV_ENCODINGS, type CsvEncoding } from './screen/csvRecords.js';
export { runTestFiles, readTestCase, testCaseFiles, type RunTestFilesOptions } from './testing/files.js';
export { compare, comparePopulation, compareFile, compareStream, type CompareFileOptions, type CompareRun } from './compare/compare.js';
export { CHANGE_CSV_COLUMNS } from './compare/changesCsv.js';
export { renderChangeReport } from './compare/render.js';

// Every digest the core takes (inputs, decision ids, records, policies) by Node's own SHA-256: the same digests as the
// portable one, several times faster. The one thing importing `jiuzhu/node` does (package.json lists it as a side
// effect, so that a bundler keeps it; left out, the portable digest gives the same bytes, only slower).
useSha256Implementation(nodeSha256Hex);
