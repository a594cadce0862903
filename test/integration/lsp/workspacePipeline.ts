/** A one-feature pipeline named `name` whose feature `feature` workspace/symbol tests look for. */
export const workspacePipeline = (name: string, feature: string) => `pipeline ${name}

data rows {
  source = "data/rows.csv"
  target = y
}

feature ${feature} = fill_missing(rows.x, 0)

model m {
  kind   = logistic
  inputs = [${feature}]
  seed   = 1
}
`;
