using System.Security.Cryptography;
using System.Text;

namespace Changai.Api.OfficerConsole.Shared;

/// <summary>The console's one stylesheet, served by the API itself (nothing is loaded from outside the server).</summary>
public static class ConsoleStyles
{
    public const string Css = """
        :root { --red: #b3121f; --red-dark: #8c0d17; --ink: #1f2329; --muted: #5c6570; --line: #d9dde3; --bg: #f4f5f7;
                --ok: #1a7f37; --warn: #b35c00; --focus: #1f6feb; --blue: #2f6fb3; }
        * { box-sizing: border-box; }
        html { font-size: 15px; }
        body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
               color: var(--ink); background: var(--bg); line-height: 1.5; }
        a { color: var(--blue); }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
        .skip:focus { left: .5rem; }
        header.top { display: flex; align-items: center; gap: 1rem; height: 52px; padding: 0 1.25rem; background: var(--red); color: #fff; }
        header.top .brand { font-weight: 700; font-size: 1.1rem; letter-spacing: .05em; margin-right: auto; }
        header.top a, header.top button.link { color: #fff; }
        header.top form { margin: 0; }
        .frame { display: flex; min-height: calc(100vh - 52px); }
        nav.side { width: 184px; flex: none; background: #fff; border-right: 1px solid var(--line); padding: 1rem 0; }
        nav.side ul { list-style: none; margin: 0; padding: 0; }
        nav.side a { display: block; padding: .6rem 1.25rem; color: var(--ink); text-decoration: none; border-left: 4px solid transparent; }
        nav.side a:hover { background: #fbeff0; }
        nav.side a[aria-current="page"] { border-left-color: var(--red); background: #fbeff0; font-weight: 700; color: var(--red-dark); }
        main { flex: 1; min-width: 0; padding: 1.25rem 1.5rem 2rem; }
        h1 { font-size: 1.4rem; margin: 0 0 1rem; }
        h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
        .crumbs { margin: -.5rem 0 .75rem; color: var(--muted); }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
        .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        .grid2 { margin-bottom: 1rem; }
        .grid2 > .card { margin-bottom: 0; }
        td.time { white-space: nowrap; }
        form.decide input[type=text] { width: 100%; }
        details.confirm { display: inline-block; margin-right: .5rem; }
        details.confirm summary { list-style: none; cursor: pointer; padding: .35rem .8rem; border: 1px solid #98a1ad; border-radius: 4px; background: #fff; }
        details.confirm summary::-webkit-details-marker { display: none; }
        details.confirm[open] summary { background: #f0f1f4; }
        details.confirm form { display: block; margin-top: .4rem; }
        .kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 1rem; margin-bottom: 1rem; }
        .kpi { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; }
        .kpi .label { color: var(--muted); font-size: .9rem; }
        .kpi .value { font-size: 1.8rem; font-weight: 700; line-height: 1.2; }
        .kpi .value.alert { color: var(--red); }
        .kpi .hint { color: var(--muted); font-size: .8rem; }
        .note { color: var(--muted); font-size: .85rem; margin: .5rem 0 0; }
        table.data { width: 100%; border-collapse: collapse; background: #fff; }
        table.data caption { text-align: left; color: var(--muted); padding: .25rem 0 .5rem; }
        table.data th, table.data td { padding: .5rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        table.data th { background: #f0f1f4; font-weight: 600; white-space: nowrap; }
        table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.data tbody tr:hover, table.data tbody tr:focus-within { background: #fff7e6; }
        .badge { white-space: nowrap; display: inline-block; padding: 0 .5rem; border-radius: 10px; font-size: .85rem; background: #eef1f5; }
        .badge.late { background: #fde8e8; color: var(--red-dark); }
        .badge.ok { background: #e6f4ea; color: var(--ok); }
        .badge.off { background: #eee; color: #666; }
        form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; margin-bottom: 1rem; }
        label { display: block; font-size: .9rem; color: var(--muted); }
        label.inline { display: inline-flex; gap: .35rem; align-items: center; color: var(--ink); font-size: 1rem; margin: .25rem 1.25rem .25rem 0; }
        form.card input[type=text], form.card select { width: 30rem; max-width: 100%; }
        input[type=text], input[type=password], input[type=search], input[type=date], input[type=file], select, textarea {
            font: inherit; padding: .4rem .55rem; border: 1px solid #b8bec7; border-radius: 4px; background: #fff; min-width: 10rem; }
        textarea { width: 100%; min-height: 4.5rem; }
        input[type=checkbox] { width: 1.1rem; height: 1.1rem; }
        button, .button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid #98a1ad; background: #fff; color: var(--ink);
                          cursor: pointer; text-decoration: none; display: inline-block; }
        button.primary, .button.primary { background: var(--red); border-color: var(--red); color: #fff; }
        button.primary:hover { background: var(--red-dark); }
        button.ok { background: var(--ok); border-color: var(--ok); color: #fff; }
        button.warn { border-color: var(--warn); color: var(--warn); }
        button.link { border: none; background: none; padding: 0; text-decoration: underline; color: var(--blue); }
        .actions { display: flex; gap: .75rem; flex-wrap: wrap; align-items: flex-start; }
        .actions form { margin: 0; }
        .msg { padding: .6rem 1rem; border-radius: 4px; margin-bottom: 1rem; border: 1px solid; }
        .msg.ok { background: #e6f4ea; border-color: #9fd3ae; color: #0f5323; }
        .msg.err { background: #fde8e8; border-color: #f1a9a9; color: #7d0f17; }
        .msg.info { background: #eef4fb; border-color: #b6cde8; color: #1d4470; }
        .secret { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 1.3rem; letter-spacing: .1em; background: #fff; padding: .2rem .6rem; border: 1px dashed var(--ok); }
        dl.facts { display: grid; grid-template-columns: 8rem 1fr; gap: .35rem 1rem; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        figure.attachment { display: inline-block; margin: 0 1rem 1rem 0; vertical-align: top; }
        img.attachment { display: block; max-width: 24rem; max-height: 18rem; min-width: 8rem; min-height: 6rem; border: 1px solid var(--line); background: #fff; image-rendering: pixelated; }
        body.projector { background: #fff; margin: 0; }
        main.projector { min-height: 100vh; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; padding: 1rem; box-sizing: border-box; }
        main.projector h1 { font-size: 2.2rem; margin: 0 0 .5rem; }
        .projector-qr { width: min(70vh, 90vw); height: min(70vh, 90vw); image-rendering: pixelated; }
        .projector-hint { font-size: 1.4rem; margin: .5rem 0; }
        .projector-exit { font-size: .85rem; margin-top: 1rem; }
        ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
        ol.timeline li { position: relative; padding: 0 0 .8rem 1rem; }
        ol.timeline li::before { content: ""; position: absolute; left: -8px; top: .35rem; width: 11px; height: 11px; border-radius: 50%; background: var(--red); }
        ol.timeline time { color: var(--muted); font-size: .85rem; display: block; }
        .pager { display: flex; gap: .5rem; align-items: center; margin-top: .75rem; }
        .login { max-width: 380px; margin: 8vh auto; }
        .login .card { padding: 1.5rem 1.75rem; }
        .login h1 { text-align: center; color: var(--red-dark); }
        .login input { width: 100%; margin-bottom: .75rem; }
        .login button { width: 100%; }
        .field { margin-bottom: .75rem; }
        .cols { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 1rem; }
        .cols input[type=text], .cols select { width: 100%; } input.short { min-width: 5rem; width: 7rem; }
        form.row-form { display: flex; gap: .4rem; align-items: center; } form.row-form input[type=text] { min-width: 8rem; width: 10rem; }
        table.data.compact input { width: 100%; min-width: 4rem; } ul.links li { margin: .35rem 0; } table.data td.nowrap { white-space: nowrap; } table.data meter { width: 3.5rem; }
        fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 .75rem; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart text { font-size: 12px; fill: #333; }
        svg.chart .axis { stroke: #9aa3ad; stroke-width: 1; }
        svg.chart .grid { stroke: #e5e7eb; stroke-width: 1; }
        svg.chart .bar { fill: var(--red); }
        svg.chart .bar.alt { fill: var(--blue); }
        svg.chart .bar.late { fill: var(--warn); }
        svg.chart .line { fill: none; stroke: var(--blue); stroke-width: 2.5; }
        svg.chart .dot { fill: var(--blue); }
        svg.chart text.value { font-weight: 600; }
        details.data summary { cursor: pointer; color: var(--blue); font-size: .9rem; margin-top: .5rem; }
        .legend { display: flex; gap: 1rem; font-size: .85rem; color: var(--muted); margin-bottom: .25rem; }
        .legend i { display: inline-block; width: .9rem; height: .9rem; vertical-align: -2px; margin-right: .25rem; border-radius: 2px; }
        .legend i.red { background: var(--red); }
        .legend i.blue { background: var(--blue); }
        form.inline-form { display: inline; margin-left: .5rem; }
        td.row-actions { white-space: nowrap; }
        td.row-actions > form { display: inline; margin-right: .5rem; }
        .indent1 { padding-left: 1em; } 
        input[type=number], input[type=datetime-local], input[type=date] { font: inherit; padding: .4rem .55rem; border: 1px solid #b8bec7; border-radius: 4px; background: #fff; }
        input[type=number] { width: 8rem; }
        form.form .row { display: flex; flex-wrap: wrap; gap: 0 1.25rem; }
        form.form legend { font-weight: 600; padding: 0 .35rem; }
        form.form textarea { max-width: 46rem; }
        .field-err { display: block; color: var(--red-dark); font-size: .85rem; margin-top: .2rem; }
        .actions.bar { margin-bottom: 1rem; }
        table.data.compact { width: auto; min-width: 36rem; }
        table.data.spaced { margin-bottom: 1rem; }
        td.nowrap { white-space: nowrap; }
        .chart-wide { max-width: 760px; }
        ul.tree, ul.tree ul { list-style: none; margin: 0; padding: 0; }
        ul.tree ul { margin-left: 1.4rem; border-left: 1px dotted var(--line); }
        ul.tree { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
        ul.tree .node { display: flex; gap: .5rem; align-items: baseline; padding: .2rem 0; }
        ul.tree .toggle { display: inline-block; width: 1.2rem; text-align: center; text-decoration: none; color: var(--muted); }
        ul.tree .counts { color: var(--muted); font-size: .85rem; margin-left: auto; white-space: nowrap; }
        ul.tree .counts b { color: var(--ink); font-weight: 600; }
        ul.tree li.more { padding: .2rem 0 .2rem 1.7rem; font-size: .9rem; }
        .mono { font-family: "Noto Sans Mono CJK SC", monospace; word-break: break-all; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        .pager form.jump { margin: 0 0 0 auto; display: flex; gap: .4rem; align-items: center; }
        .pager form.jump input[type=number] { width: 5rem; }
        .card textarea { width: 100%; }
        fieldset.regions { max-height: 22rem; overflow-y: auto; }
        fieldset.regions details { margin: .2rem 0; }
        fieldset.regions summary { cursor: pointer; font-weight: 600; }
        fieldset.regions label.inline, .picks label.inline { display: inline-block; min-width: 9rem; margin: .15rem .5rem .15rem 0; }
        table.picks input[type=text] { width: 8rem; }
        table.picks label.inline { display: flex; gap: .4rem; align-items: center; min-width: 0; margin: 0; }
        .picks input[type=checkbox], fieldset.regions input[type=checkbox] { width: auto; margin: 0 .25rem 0 0; }
        .ok-text { color: var(--ok); }
        .err-text { color: var(--red-dark); }
        th a[data-sort] { color: inherit; text-decoration: none; white-space: nowrap; }
        """;

    /// <summary>The stylesheet's address, changed whenever its content changes, so browsers may cache it for good.</summary>
    public static readonly string Href = ConsoleSetup.BasePath + "/assets/console.css?v=" +
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))[..12];
}
