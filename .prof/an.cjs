const fs=require('fs'); const f=fs.readdirSync('.').find(x=>x.endsWith('.cpuprofile')); const p=JSON.parse(fs.readFileSync(f));
const byId=new Map(p.nodes.map(n=>[n.id,n])); const self=new Map();
const dt=p.timeDeltas; const samples=p.samples;
for(let i=0;i<samples.length;i++){const n=byId.get(samples[i]); let u=n.callFrame.url||'('+n.callFrame.functionName+')'; const m=/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u); u = m? 'pkg:'+m[1] : u.replace(/.*wt-build\//,''); self.set(u,(self.get(u)||0)+(dt[i]||0)/1000)}
console.log([...self].sort((a,b)=>b[1]-a[1]).slice(0,8).map(([u,t])=>t.toFixed(1)+' '+u).join('\n'))
fs.unlinkSync(f)
