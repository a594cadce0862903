import { build } from 'esbuild';
const [entry, ...rest] = process.argv.slice(2);
const r = await build({ entryPoints:[entry], bundle:true, platform:'node', format:'cjs', target:'node20', write:false, metafile:true, outfile:'/tmp/x.js', external:['vscode','better-sqlite3','@tensorflow/*','webgpu'], minify: rest.includes('--minify') });
const out = Object.values(r.metafile.outputs)[0];
const groups = new Map();
for (const [f,i] of Object.entries(out.inputs)) { const g = f.replace(/^(node_modules\/(@[^/]+\/)?[^/]+(\/v4\/[^/]+)?|server\/[^/]+\/[^/]+|[^/]+).*/, '$1'); groups.set(g,(groups.get(g)||0)+i.bytesInOutput); }
console.log('total', out.bytes);
for (const [g,b] of [...groups].sort((a,b)=>b[1]-a[1]).slice(0,25)) console.log(String(b).padStart(9), g);
