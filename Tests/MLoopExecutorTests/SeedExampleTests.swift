import Foundation
import MLoopCore
import MLoopExecutor
import MLoopTestSupport
import Testing

/// Seed 002's two example tasks, unchanged; they need pandas, numpy and scikit-learn.
@Suite("TaskRunner seed 002 examples")
struct SeedExampleTests {
    static let librariesInstalled = CommandCheck.succeeds("/usr/bin/env python3 -c 'import pandas, numpy, sklearn'")

    @Test(.enabled(if: librariesInstalled, "needs pandas, numpy and scikit-learn"))
    func seedTasksRunUnchanged() async {
        let fixture = RunnerFixture()
        let preprocessing = """
            import pandas as pd
            print("Data preprocessing started")
            data = {"col1": [1, 2, 3], "col2": [4, 5, 6]}
            df = pd.DataFrame(data)
            print(f"Data shape: {df.shape}")
            context["ti"].xcom_push(key="data_shape", value=str(df.shape))
            print("Data preprocessing completed")
            """
        let training = """
            from sklearn.linear_model import LinearRegression
            import numpy as np
            print("Model training started")
            data_shape = context["ti"].xcom_pull(task_ids="data_preprocessing", key="data_shape")
            print(f"Data shape from preprocessing: {data_shape}")
            X = np.array([[1], [2], [3]])
            y = np.array([2, 4, 6])
            model = LinearRegression()
            model.fit(X, y)
            print(f"Model trained. Coefficient: {model.coef_[0]}")
            context["ti"].xcom_push(key="model_coef", value=float(model.coef_[0]))
            print("Model training completed")
            """
        let (first, _) = await fixture.run(.python(.inline(preprocessing)), task: "data_preprocessing")
        #expect(first.outcome == .success)
        #expect(first.xcoms["data_shape"] == .string("(3, 2)"))
        var launch = fixture.launch(.python(.inline(training)), task: "model_training")
        launch.upstreamXComs = ["data_preprocessing": first.xcoms]
        let (second, log) = await fixture.run(launch)
        #expect(second.outcome == .success)
        #expect(log.taskOutput().contains("Data shape from preprocessing: (3, 2)"))
        if case .double(let coefficient)? = second.xcoms["model_coef"] {
            #expect(abs(coefficient - 2) < 1e-9)
        } else {
            Issue.record("model_coef missing: \(second.xcoms)")
        }
    }
}
