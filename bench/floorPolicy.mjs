// The policy of the floor stages: Guangdong's with its programs, early warnings, circles and overlays taken out. It
// loads and validates households (their regions too) exactly as the full policy does, and decides nothing.
export async function policyWithoutPrograms(loadPolicy, full) {
  const decides = new Set(['program', 'screening', 'circles', 'overlay']);
  const layers = full.document.layers.map((layer) => ({
    ...layer,
    files: Object.fromEntries(Object.entries(layer.files).filter(([, f]) => !decides.has(f.kind))),
  }));
  const bare = await loadPolicy({ document: { ...full.document, layers } });
  if (bare.programs.length !== 0 || bare.warnings.length !== 0) throw new Error('the floor policy still decides something');
  return bare;
}

// Guangdong's policy with every program's eligibility failing at once (no counted members below zero) and no early
// warnings or overlays: every program is still decided, its bookkeeping paid (views, decisions, outcomes, exclusions,
// members), but no test reads a fact. Against the full policy, what deciding costs beyond the bookkeeping.
export async function policyFailingAtOnce(loadPolicy, full) {
  const never = { fact: 'countedMembers', operator: 'lessThan', value: 0 };
  const layers = full.document.layers.map((layer) => ({
    ...layer,
    files: Object.fromEntries(
      Object.entries(layer.files)
        .filter(([, f]) => f.kind !== 'overlay' && f.kind !== 'screening')
        .map(([name, f]) => [name, f.kind === 'program' ? { ...f, eligibility: never } : f]),
    ),
  }));
  const failing = await loadPolicy({ document: { ...full.document, layers } });
  if (failing.programs.length !== full.programs.length || failing.warnings.length !== 0) throw new Error('the failing policy lost a program or kept a warning');
  return failing;
}
