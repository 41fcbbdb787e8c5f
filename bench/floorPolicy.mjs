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
