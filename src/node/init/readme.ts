/** What the README of a local layer speaks of. */
export interface ReadmeFacts {
  id: string;
  /** The region of the layer, e.g. 440100. */
  region: string;
  /** The policy it is built on, e.g. 广东省社会救助政策 (guangdong). */
  base: { id: string; name: string };
  /** Paths from the layer's folder: into the installed package's guide, and the example case (if any). */
  guide: string;
  exampleCase?: string;
  exampleHousehold?: string;
  /** The layer's folder as the officer named it to `jiuzhu init`: the commands are run from where init was. */
  folder: string;
  /** The date the example case is decided for. */
  asOf: string;
  /** A region code to show in the example value: the layer's own when it is a city or county, else the case's. */
  exampleRegion: string;
}

/**
 * The README, in Chinese, of a folder `jiuzhu init` makes: what each file is, and the commands an officer runs, in
 * the order of a change (调标, check, try, test, price, archive).
 *
 * @example
 * localLayerReadme({ id: 'guangzhou', region: '440100', base: { id: 'guangdong', name: '广东省社会救助政策' }, … })
 */
export function localLayerReadme(facts: ReadmeFacts): string {
  const { id, region, base, guide, exampleCase, exampleHousehold, exampleRegion, asOf, folder } = facts;
  const household = exampleHousehold ?? '家庭.json';
  const value = `{ "region": "${exampleRegion}", "from": "2026-07-01", "value": "1400.00",
      "source": { "document": "××市民政局关于调整最低生活保障标准的通知", "number": "×民规字〔2026〕×号" }, "grade": "A" }`;
  return `# ${id}：本地社会救助规则

这个文件夹由 \`jiuzhu init\` 生成，用来记录本地（行政区划代码 ${region}）自己的标准和规定。
它建立在 jiuzhu 内置的《${base.name}》（${base.id}）之上：本地没有写的，一律按省里（以及国家）的规则办理。

## 文件夹里有什么

| 文件 | 用途 |
|---|---|
| \`rules/policy.json\` | 本地规则的编号（\`id\`）、版本（\`version\`）、地区（\`region\`），以及它所依据的规则（\`extends\`） |
| \`rules/parameters.json\` | 本地的参数值，例如低保标准：调整标准（调标）就是在这里加一条 |
| \`cases/\` | 测试用例：一户家庭、一个日期，以及按政策应得的结果${exampleCase ? `（示例：\`${exampleCase}\`）` : ''} |${
    exampleHousehold ? `\n| \`${exampleHousehold}\` | 一户示例家庭，用来试算 |` : ''
  }

用 VS Code 等编辑器打开这些文件时，编辑器会按 \`$schema\` 指向的说明逐项提示每个字段的含义（中英文），写错会标红。

## 调整标准（调标）

在 \`rules/parameters.json\` 的 \`values\` 里，给要调整的参数加一条新值（不要改旧值：旧值仍用于此前日期的认定和复核）：

\`\`\`json
"values": {
  "dibao.standard": [
    ${value}
  ]
}
\`\`\`

- \`from\` 是新标准的生效日期；在此之前的日期仍按旧标准。
- 金额写成带引号、两位小数的文字（\`"1400.00"\`），不要写千位分隔逗号。
- 每个数值都要有来源（\`source\` 和 \`grade\`）；暂无正式文件的，写 \`"illustrative": true\` 和说明 \`note\`。
- 改了规则，请同时把 \`rules/policy.json\` 里的 \`version\` 改大（例如 1 → 2）。

## 常用命令

在运行 \`jiuzhu init\` 的文件夹（项目文件夹，\`node_modules\` 所在的地方）里运行。每条消息开头的“文件:行:列”
是从您所在位置算起的路径，在 VS Code 的终端里按住 Ctrl 点击就能打开：

\`\`\`sh
npx jiuzhu validate ${folder}/rules                 # 检查规则：每个问题都指出文件、行、列和改法
npx jiuzhu evaluate ${folder}/${household} --policy ${folder}/rules --as-of ${asOf}   # 试算一户家庭
npx jiuzhu test ${folder}/cases --policy ${folder}/rules      # 运行全部测试用例
npx jiuzhu policy pack --policy ${folder}/rules --store 存档   # 把这一版规则存档，供日后审计重放
\`\`\`

测算调标对全市的影响（新增多少户、每年多花多少钱）用 \`jiuzhu compare\`，见指南。

## 注意

- \`rules/policy.json\` 里的 \`extends\` 和各文件的 \`$schema\` 是指向已安装的 jiuzhu（\`node_modules/jiuzhu\`）的相对路径：
  移动这个文件夹后，请相应修改这些路径，或在新位置重新运行 \`jiuzhu init\`。
- 完整的中文指南（调标、增加市县、看懂错误、写测试用例、测算、存档）：[${guide}](${guide})
`;
}
