// The leaders' charts, drawn by Apache ECharts: the page hands over the figures (Services/ChartLibrary.cs, [JSImport])
// and a worker (chart-worker.js) draws each chart to SVG with the library, away from the thread .NET renders the page
// on. The library (shipped by the Vizor.ECharts package, served from this server's _content/) is fetched by that worker
// once load() is called: from a leader's sign-in on, or when a page with charts first opens. Importing this module
// fetches nothing more; the sign-in page and every other page never fetch the library.

let worker = null;
let loading = null;
const waiting = new Map(); // request number → the drawing's promise
let requests = 0;

export function load() {
    loading ??= new Promise((resolve, reject) => {
        worker = new Worker(new URL("./chart-worker.js", import.meta.url));
        worker.onmessage = ({ data }) => {
            if (data.ready) return resolve();
            const drawing = waiting.get(data.request);
            waiting.delete(data.request);
            if (data.error) drawing?.reject(new Error(data.error));
            else drawing?.resolve(data.svg);
        };
        worker.onerror = event => {
            // The library did not load (or the worker broke): every drawing waiting fails, the next page that asks
            // starts a new worker.
            const error = new Error(`the chart worker failed: ${event.message ?? "unknown error"}`);
            worker.terminate();
            worker = null;
            loading = null;
            for (const drawing of waiting.values()) drawing.reject(error);
            waiting.clear();
            reject(error);
        };
    });
    return loading;
}

// The numbers come from .NET as typed arrays ([JSImport] int[]), which ECharts would take for a columnar data store
// (and fail on some lengths): they are handed over as plain arrays.

export function drawLights(id, names, counts, fills, open) {
    return draw(id, "lights", { names, counts: Array.from(counts), fills, open });
}

export function drawScores(id, names, points) {
    return draw(id, "scores", { names, points: Array.from(points) });
}

export function release(id) {
    const chart = charts.get(id);
    if (!chart) return;
    chart.observer.disconnect();
    charts.delete(id);
    worker?.postMessage({ id, release: true });
}

// Drawn at the box's size, and again when the box changes size (the window is resized, the side menu folds). A box
// shows the newest drawing asked for: one that comes back after a later one is dropped.
const charts = new Map();

async function draw(id, kind, figures) {
    await load();
    const element = document.getElementById(id);
    let chart = charts.get(id);
    if (chart && chart.element !== element) {
        release(id); // the page was rendered anew
        chart = null;
    }
    if (!chart) {
        let width = element.clientWidth, height = element.clientHeight;
        const observer = new ResizeObserver(() => {
            if (element.clientWidth === width && element.clientHeight === height) return; // the first call, or no change
            width = element.clientWidth;
            height = element.clientHeight;
            render(chart).catch(() => { }); // the drawing at the old size stays
        });
        chart = { element, observer, latest: 0 };
        charts.set(id, chart);
        observer.observe(element);
    }
    chart.figures = { kind, figures };
    await render(chart);
}

// The figures go along every time: a worker started again after a failure knows no chart.
function render(chart) {
    const request = ++requests;
    chart.latest = request;
    const { element } = chart;
    const message = { request, id: element.id, width: element.clientWidth, height: element.clientHeight,
                      font: getComputedStyle(element).fontFamily, ...chart.figures };
    return new Promise((resolve, reject) => {
        waiting.set(request, { resolve, reject });
        worker.postMessage(message);
    }).then(svg => {
        if (chart.latest === request && charts.get(element.id) === chart) element.innerHTML = svg;
    });
}
