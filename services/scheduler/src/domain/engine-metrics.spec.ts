import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseEngineMetrics } from './engine-metrics';

describe('parseEngineMetrics', () => {
  it('reads vLLM gauges, summing label sets', () => {
    const text = [
      '# HELP vllm:num_requests_running Number of requests in model execution batches.',
      '# TYPE vllm:num_requests_running gauge',
      'vllm:num_requests_running{model_name="a"} 2.0',
      'vllm:num_requests_running{model_name="b"} 1.0',
      'vllm:num_requests_waiting{model_name="a"} 5.0',
      'vllm:gpu_cache_usage_perc{model_name="a"} 0.25',
      'vllm:prompt_tokens_total{model_name="a"} 100.0',
    ].join('\n');
    assert.deepEqual(parseEngineMetrics(text), { running: 3, waiting: 5, cacheUsage: 0.25 });
  });

  it('skips garbage and answers undefined for a non-engine', () => {
    assert.equal(parseEngineMetrics('<html>not metrics</html>'), undefined);
    assert.equal(parseEngineMetrics(''), undefined);
    assert.deepEqual(parseEngineMetrics('vllm:num_requests_waiting NaN\nvllm:num_requests_waiting -3\nvllm:num_requests_running 1'), { running: 1, waiting: 0 });
  });

  it('copes with a huge body', () => {
    const text = 'x 1\n'.repeat(50_000) + 'vllm:num_requests_waiting 2\n';
    assert.equal(parseEngineMetrics(text), undefined, 'only the first 10,000 lines are read');
  });
});
