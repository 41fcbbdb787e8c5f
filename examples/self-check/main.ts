// The self-check page (自助测算): builds a household from the form and decides it in the browser with the same
// engine a 民政 office uses. Built by build.mjs; nothing leaves the page.
import { evaluate, loadPolicy, renderExplanation, JiuzhuError, type BundledPolicyName, type Decision, type Policy } from 'jiuzhu';

/** The province's bundled policy, by the first two digits of the region code. */
const POLICY_BY_PROVINCE: Record<string, BundledPolicyName> = { '44': 'guangdong', '43': 'hunan', '42': 'hubei' };

const policies = new Map<BundledPolicyName, Promise<Policy>>();
const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Adds one member's fields to the form. */
function addMember(): void {
  const template = byId<HTMLTemplateElement>('member');
  const row = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  row.querySelector('.remove')!.addEventListener('click', () => row.remove());
  const members = byId('members');
  if (members.children.length > 0) (row.querySelector('[name=relation]') as HTMLSelectElement).value = 'child';
  members.append(row);
}

/** The household the form describes, as jiuzhu's household input. */
function householdFromForm(): unknown {
  const field = (scope: ParentNode, name: string) => (scope.querySelector(`[name=${name}]`) as HTMLInputElement).value.trim();
  const members = [...byId('members').querySelectorAll('.member')].map((row, i) => {
    const incomes: unknown[] = [];
    const wage = field(row, 'wage');
    if (wage) incomes.push({ kind: 'wage', amount: money(wage), period: 'month' });
    const otherKind = field(row, 'otherKind');
    const otherAmount = field(row, 'otherAmount');
    if (otherKind && otherAmount) incomes.push({ kind: otherKind, amount: money(otherAmount), period: 'month' });
    const exclusion = field(row, 'exclusion');
    const employment = field(row, 'employment');
    return {
      id: `m${i + 1}`,
      relation: field(row, 'relation'),
      birthDate: field(row, 'birthDate'),
      ...(employment ? { employment } : {}),
      ...(incomes.length > 0 ? { incomes } : {}),
      ...(exclusion ? { exclusion } : {}),
    };
  });
  const floorArea = byId<HTMLInputElement>('floorArea').value.trim();
  return {
    id: 'self-check',
    region: byId<HTMLSelectElement>('region').value,
    area: byId<HTMLSelectElement>('area').value,
    members,
    ...(floorArea ? { assets: { houses: [{ floorArea }] } } : {}),
  };
}

/** Money as jiuzhu reads it: a decimal string with two places ("3000" → "3000.00"); anything else is left for its check. */
function money(text: string): string {
  return /^\d+$/.test(text) ? `${text}.00` : /^\d+\.\d$/.test(text) ? `${text}0` : text;
}

function show(decision: Decision): void {
  const list = byId('programs');
  list.replaceChildren();
  const granted = decision.programs.filter((p) => p.status !== 'ineligible');
  for (const program of granted) {
    const item = document.createElement('li');
    const status = program.status === 'eligible' ? '可能符合条件' : '需要民政部门进一步核实';
    item.textContent = `${program.name.zh}：${status}`;
    // A recognition or a right to apply (专项救助) has no money of its own: no amount is shown for it.
    if (program.amount !== undefined && program.amount !== '0.00') {
      const amount = document.createElement('span');
      amount.className = 'amount';
      amount.dataset.program = program.program;
      amount.textContent = program.amount;
      item.append('，估算 ', amount, ` 元/${program.period === 'year' ? '年' : program.period === 'once' ? '次' : '月'}`);
    }
    list.append(item);
  }
  if (granted.length === 0) list.append(Object.assign(document.createElement('li'), { textContent: '按所填信息，暂不符合本地各项社会救助条件。' }));
  byId('explanation').textContent = renderExplanation(decision, 'zh');
  byId('result').hidden = false;
}

async function check(event: Event): Promise<void> {
  event.preventDefault();
  const error = byId('error');
  error.hidden = true;
  const region = byId<HTMLSelectElement>('region').value;
  const name = POLICY_BY_PROVINCE[region.slice(0, 2)] ?? 'national';
  try {
    let policy = policies.get(name);
    if (!policy) policies.set(name, (policy = loadPolicy(name)));
    show(await evaluate(await policy, householdFromForm(), { asOf: byId<HTMLInputElement>('asOf').value }));
  } catch (problem) {
    byId('result').hidden = true;
    error.textContent =
      problem instanceof JiuzhuError ? problem.issues.map((issue) => issue.message.zh).join('；') : `测算出错：${String(problem)}`;
    error.hidden = false;
  }
}

// The page reads today's date once, as the default; jiuzhu itself never reads the clock.
byId<HTMLInputElement>('asOf').value = new Date().toISOString().slice(0, 10);
byId('addMember').addEventListener('click', addMember);
byId('form').addEventListener('submit', (event) => void check(event));
addMember();
