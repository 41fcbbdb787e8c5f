// Guangdong's policy with some of its rule files left out or changed, for the stages and counts that measure what
// deciding costs: `keep` says which files stay, `change` what each becomes.
async function policyWithFiles(loadPolicy, full, keep, change = (file) => file) {
  const layers = full.document.layers.map((layer) => ({
    ...layer,
    files: Object.fromEntries(Object.entries(layer.files).filter(([, f]) => keep(f)).map(([name, f]) => [name, change(f)])),
  }));
  return loadPolicy({ document: { ...full.document, layers } });
}

// The policy of the floor stages: Guangdong's with its programs, early warnings, circles and overlays taken out. It
// loads and validates households (their regions too) exactly as the full policy does, and decides nothing.
export async function policyWithoutPrograms(loadPolicy, full) {
  const decides = new Set(['program', 'screening', 'circles', 'overlay']);
  const bare = await policyWithFiles(loadPolicy, full, (f) => !decides.has(f.kind));
  if (bare.programs.length !== 0 || bare.warnings.length !== 0) throw new Error('the floor policy still decides something');
  return bare;
}

// Guangdong's policy with every program's eligibility failing at once (no counted members below zero) and no early
// warnings or overlays: every program is still decided, its bookkeeping paid (views, decisions, outcomes, exclusions,
// members), but no test reads a fact. Against the full policy, what deciding costs beyond the bookkeeping.
export async function policyFailingAtOnce(loadPolicy, full) {
  const never = { fact: 'countedMembers', operator: 'lessThan', value: 0 };
  const failing = await policyWithFiles(
    loadPolicy,
    full,
    (f) => f.kind !== 'overlay' && f.kind !== 'screening',
    (f) => (f.kind === 'program' ? { ...f, eligibility: never } : f),
  );
  if (failing.programs.length !== full.programs.length || failing.warnings.length !== 0) throw new Error('the failing policy lost a program or kept a warning');
  return failing;
}
