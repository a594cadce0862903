/** The smallest clean pipeline over one CSV (columns x and y) at `source`: the language-server tests that need real data share it. */
export function demoPipeline(source = 'data/rows.csv'): string {
  return `pipeline demo

data rows {
  source = "${source}"
  target = y
}

feature fx = fill_missing(rows.x, 0)

model m {
  kind   = logistic
  inputs = [fx]
  seed   = 1
}
`;
}
