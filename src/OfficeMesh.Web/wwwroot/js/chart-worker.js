// The leaders' charts, drawn away from the page's own thread (the one .NET renders on): ECharts renders each chart to
// an SVG string in its server-side mode, which needs no DOM, and charts.js puts the string into the chart's box. The
// library's script is loaded and compiled here too, so neither that nor the drawing waits for, or holds up, the page.

// The package's own glue, after ECharts in the same file, writes to `window`; a worker has none.
globalThis.window ??= globalThis;
importScripts("../_content/Vizor.ECharts/js/vizor-echarts-bundle-min.js");
// Text is measured as the page will draw it (ECharts otherwise guesses widths without a canvas).
echarts.setPlatformAPI({ createCanvas: () => new OffscreenCanvas(1, 1) });

const charts = new Map(); // box id → ECharts instance, kept to be drawn again (at a new size)

self.onmessage = ({ data: request }) => {
    try {
        if (request.release) {
            charts.get(request.id)?.dispose();
            charts.delete(request.id);
            return;
        }
        self.postMessage({ request: request.request, svg: render(request) });
    } catch (error) {
        self.postMessage({ request: request.request, error: String(error?.message ?? error) });
    }
};

self.postMessage({ ready: true });

function render({ id, kind, figures, width, height, font }) {
    let chart = charts.get(id);
    if (!chart) {
        chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
        charts.set(id, chart);
    } else {
        chart.resize({ width, height });
    }
    // Ant Design's text colour and the page's font, so the charts read like the rest of the page. The font list goes
    // into the SVG's style attributes as it is (ECharts escapes text, not styles): its quotes are made single ones.
    const text = { color: "rgba(0, 0, 0, 0.85)", fontFamily: font.replaceAll('"', "'") };
    const option = kind === "lights" ? lights(figures, text) : scores(figures, text);
    chart.setOption({ animation: false, textStyle: text, ...option }, { notMerge: true });
    return chart.renderToSVGString();
}

// The open cases by light: a ring with the number of open cases in its middle, each light's count in the legend.
function lights({ names, counts, fills, open }, text) {
    const count = new Map(names.map((name, i) => [name, counts[i]]));
    return {
        legend: { orient: "vertical", right: 8, top: "middle", textStyle: text, formatter: name => `${name}  ${count.get(name)} 件` },
        title: { text: "在办", subtext: String(open), left: "34%", top: "40%", textAlign: "center",
                 textStyle: { fontSize: 14, fontWeight: "normal", color: text.color, fontFamily: text.fontFamily },
                 subtextStyle: { fontSize: 22, color: text.color, fontFamily: text.fontFamily } },
        series: [{
            type: "pie", name: "督办件", radius: ["48%", "72%"], center: ["35%", "50%"], label: { show: false },
            data: names.map((name, i) => ({ name, value: counts[i], itemStyle: { color: fills[i] } })),
        }],
    };
}

// The month's points by unit, one bar each in the order given (the highest first, at the top), the points beside it.
function scores({ names, points }, text) {
    return {
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", min: 0, minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: names, axisTick: { show: false } },
        series: [{ type: "bar", name: "得分", data: points, itemStyle: { color: "#1890ff" }, barMaxWidth: 16,
                   label: { show: true, position: "right", color: text.color } }],
    };
}
