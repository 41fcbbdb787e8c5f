// Where bench/RESULTS.md holds the packaging section: bench/packaging.mjs writes it, bench/run.mjs keeps it.
export const PACKAGING_START = '<!-- packaging: written by bench/packaging.mjs -->';
export const PACKAGING_END = '<!-- /packaging -->';
