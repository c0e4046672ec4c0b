// A workflow declared in Swift: the DAG-folder sync compiles this file against MLoopDSL, runs it, and registers
// what it emits exactly like a YAML workflow. The loop computes one load task per region.
import MLoopDSL

let regions = ["eu", "us", "apac"]

emit {
    Workflow("regional_rollup") {
        Description("Extract once, load each region in parallel, then publish the rollup")
        Schedule("@daily")
        Timezone("UTC")
        StartDate("2025-01-01")
        MaxActiveRuns(1)
        Tags("example", "swift")
        Defaults {
            Retries(1)
            RetryDelay(.seconds(5))
            Timeout(.minutes(5))
        }
        Task("extract") { Bash("echo \"extracting for ${MLOOP_DS:-today}\"") }
        for region in regions {
            Task("load_\(region)") {
                Command(["echo", "loading", region])
                Env(["REGION": region])
            }
            .needs("extract")
        }
        Task("publish") { Python("print('published \(regions.count) regions')") }
            .needs(regions.map { "load_\($0)" })
            .triggerRule(.allSuccess)
    }
}
