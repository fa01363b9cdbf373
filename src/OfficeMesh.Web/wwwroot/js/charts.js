// The leaders' charts, drawn by Apache ECharts in the browser's own script engine: the page hands over the figures
// (Services/ChartLibrary.cs, [JSImport]), ECharts draws them as SVG. Its script (shipped by the Vizor.ECharts package,
// served from this server's _content/) is fetched as soon as this module is imported: from a leader's sign-in on, or
// when a page with charts first opens. The sign-in page and every other page never fetch it.

const library = "_content/Vizor.ECharts/js/vizor-echarts-bundle-min.js";
let loading = null;

export function load() {
    loading ??= new Promise((resolve, reject) => {
        const element = document.createElement("script");
        element.src = library;
        element.onload = () => resolve();
        element.onerror = () => {
            loading = null; // the next page that asks tries again
            element.remove();
            reject(new Error(`${library} did not load`));
        };
        document.body.appendChild(element);
    });
    return loading;
}

load().catch(() => { }); // started at once; a page that draws waits for it with load()

// Ant Design's text colour and the page's font, so the charts read like the rest of the page.
const text = { color: "rgba(0, 0, 0, 0.85)", fontFamily: "inherit" };

// The numbers come from .NET as typed arrays ([JSImport] int[]), which ECharts would take for a columnar data store
// (and fail on some lengths): each drawing hands them over as plain arrays.

// The open cases by light: a ring with the number of open cases in its middle, each light's count in the legend.
export function drawLights(id, names, counts, fills, open) {
    counts = Array.from(counts);
    const count = new Map(names.map((name, i) => [name, counts[i]]));
    draw(id, {
        textStyle: text,
        legend: { orient: "vertical", right: 8, top: "middle", textStyle: text, formatter: name => `${name}  ${count.get(name)} 件` },
        title: { text: "在办", subtext: String(open), left: "34%", top: "40%", textAlign: "center",
                 textStyle: { fontSize: 14, fontWeight: "normal", color: text.color }, subtextStyle: { fontSize: 22, color: text.color } },
        series: [{
            type: "pie", name: "督办件", radius: ["48%", "72%"], center: ["35%", "50%"], label: { show: false },
            data: names.map((name, i) => ({ name, value: counts[i], itemStyle: { color: fills[i] } })),
        }],
    });
}

// The month's points by unit, one bar each in the order given (the highest first, at the top), the points beside it.
export function drawScores(id, names, points) {
    points = Array.from(points);
    draw(id, {
        textStyle: text,
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", min: 0, minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: names, axisTick: { show: false } },
        series: [{ type: "bar", name: "得分", data: points, itemStyle: { color: "#1890ff" }, barMaxWidth: 16,
                   label: { show: true, position: "right", color: text.color } }],
    });
}

export function release(id) {
    const chart = charts.get(id);
    if (!chart) return;
    chart.observer.disconnect();
    chart.instance.dispose();
    charts.delete(id);
}

// Drawn at once at the box's size (no animation: the figures are what a leader came for), and again when the box
// changes size (the window is resized, the side menu folds).
const charts = new Map();

function draw(id, option) {
    const element = document.getElementById(id);
    let chart = charts.get(id);
    if (chart && chart.element !== element) {
        release(id); // the page was rendered anew
        chart = null;
    }
    if (!chart) {
        const instance = globalThis.echarts.init(element, null, { renderer: "svg" });
        let width = element.clientWidth, height = element.clientHeight;
        const observer = new ResizeObserver(() => {
            if (element.clientWidth === width && element.clientHeight === height) return; // the first call, or no change
            width = element.clientWidth;
            height = element.clientHeight;
            instance.resize();
        });
        observer.observe(element);
        chart = { element, instance, observer };
        charts.set(id, chart);
    }
    chart.instance.setOption({ animation: false, ...option }, { notMerge: true });
}
