/* callview.c: the script of a function's view (calls.html?f=N, callview.js):
 * its call-graph neighbourhood drawn as an inline SVG above the call tree.
 *
 * Five columns, left to right: callers of callers, callers, the function,
 * callees, callees of callees. Columns hold at most 12 functions, in name
 * order, and say how many more there are, so a function called from 3,000
 * places draws as 12 boxes and "+2988 more" instead of a canvas 3,000 boxes
 * wide (dot puts every callee of one function on one rank: 137 nodes at
 * depth 2 is an 11:1 picture). A function appears once, in the first column
 * that reaches it (callees before callers); a shown function that calls the
 * focus back gets a blue curve under the columns (recursion). Only calls
 * between neighbouring columns are drawn; calls through a pointer are
 * dashed. Every box is a link to that function's own view; the focus box,
 * marked with a thick border, links to its definition.
 *
 * The layout is computed in the browser from callgraph.js, not by Graphviz:
 * a libgvc layout per function costs about 1 ms and 18 KB of SVG, which for
 * SQLite's 2,833 functions would add 2.8 s and 50 MB to a site that costs
 * 2.4 s. Built with DOM calls and textContent only, never markup from data. */
#include "html/html.h"

const char callview_js[] =
    "(function(){'use strict';\n"
    "var G=window.CA_GRAPH,box=document.getElementById('graph');if(!G||!box)return;\n"
    "var f=+(new URLSearchParams(location.search).get('f')||0);if(!G[f])return;\n"
    "var NS='http://www.w3.org/2000/svg',CAP=12,BW=172,BH=24,ROW=30,COLW=200,TOP=30;\n"
    "function id(e){return e<0?-1-e:e}\n"
    "function byname(a,b){var x=G[a][0],y=G[b][0];return x<y?-1:x>y?1:a-b}\n"
    "function svg(tag,attrs){var e=document.createElementNS(NS,tag);"
    "for(var k in attrs)e.setAttribute(k,attrs[k]);return e}\n"
    "var col={0:[f]},more={0:0},where={};where[f]=0;\n"
    /* Column c from the functions of column `from`: their callees (dir 3) or
     * callers (dir 4) not placed yet, capped. */
    "function fill(c,from,dir){var seen={},list=[];\n"
    " col[from].forEach(function(u){G[u][dir].forEach(function(e){var v=id(e);"
    "if(!(v in where)&&!(v in seen)){seen[v]=1;list.push(v)}})});\n"
    " list.sort(byname);col[c]=list.slice(0,CAP);more[c]=list.length-col[c].length;"
    "col[c].forEach(function(v){where[v]=c})}\n"
    "fill(1,0,3);fill(-1,0,4);fill(2,1,3);fill(-2,-1,4);\n"
    "var rows=0;for(var c=-2;c<=2;c++)rows=Math.max(rows,col[c].length+(more[c]?1:0));\n"
    "var back=[];col[1].concat(col[2]).forEach(function(u){G[u][3].forEach(function(e){"
    "if(id(e)===f)back.push([u,e<0])})});\n"
    "var W=5*COLW,H=TOP+8+rows*ROW+(back.length?40:0);\n"
    "var s=svg('svg',{width:W,height:H,viewBox:'0 0 '+W+' '+H,'class':'cg',role:'img'});\n"
    "var title=svg('title',{});title.textContent='callers and callees of '+G[f][0];s.appendChild(title);\n"
    "var defs=svg('defs',{}),mk=svg('marker',{id:'arr',viewBox:'0 0 8 8',refX:8,refY:4,"
    "markerWidth:7,markerHeight:7,orient:'auto'});\n"
    "mk.appendChild(svg('path',{d:'M0,0L8,4L0,8z','class':'ah'}));defs.appendChild(mk);s.appendChild(defs);\n"
    "var pos={};\n"
    "function place(c){var n=col[c].length+(more[c]?1:0),y0=TOP+(rows-n)*ROW/2,x=(c+2)*COLW+14;\n"
    " col[c].forEach(function(v,i){pos[v]=[x,y0+i*ROW]});return [x,y0+col[c].length*ROW]}\n"
    "var morepos={};for(var c=-2;c<=2;c++)morepos[c]=place(c);\n"
    "var edges=svg('g',{'class':'edges'});s.appendChild(edges);\n"
    "function curve(u,v,ind,cls){var a=pos[u],b=pos[v],x1=a[0]+BW,y1=a[1]+BH/2,x2=b[0],y2=b[1]+BH/2;\n"
    " edges.appendChild(svg('path',{d:'M'+x1+','+y1+'C'+(x1+40)+','+y1+' '+(x2-40)+','+y2+' '+x2+','+y2,"
    "'class':cls+(ind?' ind':''),'marker-end':'url(#arr)'}))}\n"
    "for(var c=-2;c<2;c++)col[c].forEach(function(u){var done={};G[u][3].forEach(function(e){var v=id(e);"
    "if(where[v]===c+1&&!done[v]){done[v]=1;curve(u,v,e<0,'e')}})});\n"
    "var bottom=TOP+rows*ROW+6;\n"
    "back.forEach(function(b){var a=pos[b[0]],t=pos[f],x1=a[0]+BW/2,x2=t[0]+BW/2;\n"
    " edges.appendChild(svg('path',{d:'M'+x1+','+(a[1]+BH)+'C'+x1+','+(bottom+30)+' '+x2+','+(bottom+30)+' '+x2+','"
    "+(t[1]+BH),'class':'e back'+(b[1]?' ind':''),'marker-end':'url(#arr)'}))});\n"
    "function node(v){var g=G[v],a=svg('a',{href:v===f?(g[1]||'#'):'calls.html?f='+v}),p=pos[v];\n"
    " var cls='n'+(v===f?' focus':'')+(g[1]?'':' ext');\n"
    " a.appendChild(svg('rect',{x:p[0],y:p[1],width:BW,height:BH,rx:5,'class':cls}));\n"
    " var t=svg('text',{x:p[0]+BW/2,y:p[1]+BH/2+4,'class':'nt'});"
    "t.textContent=g[0].length>22?g[0].slice(0,21)+'\\u2026':g[0];a.appendChild(t);\n"
    " var tt=svg('title',{});tt.textContent=g[0]+(g[2]?'  '+g[2]:'  (not defined in the analysed sources)');"
    "a.appendChild(tt);a.setAttribute('data-f',v);return a}\n"
    "var nodes=svg('g',{'class':'nodes'});s.appendChild(nodes);\n"
    "['callers of callers','callers','','callees','callees of callees'].forEach(function(h,i){"
    "var t=svg('text',{x:i*COLW+14+BW/2,y:16,'class':'ch'});t.textContent=h;nodes.appendChild(t)});\n"
    "for(var c=-2;c<=2;c++){col[c].forEach(function(v){nodes.appendChild(node(v))});\n"
    " if(more[c]){var t=svg('text',{x:morepos[c][0]+BW/2,y:morepos[c][1]+BH/2+4,'class':'more'});"
    "t.textContent='+'+more[c]+' more';nodes.appendChild(t)}}\n"
    "box.appendChild(s);\n"
    "})();\n";
