import { loadModelRouterPackage } from '../../src/transport/grpc/protoLoader';

describe('loadModelRouterPackage', () => {
  it('loads the proto once per process, so the warm-up compiles the codecs the serving server uses', () => {
    const first = loadModelRouterPackage();
    const second = loadModelRouterPackage();
    expect(second.packageDefinition).toBe(first.packageDefinition);
    // The serializers the warm-up's server and the real one are given are the same functions over the same types.
    const complete = (p: typeof first): unknown => p.proto.modelrouter.v1.ModelRouter.service.Complete.responseSerialize;
    expect(complete(second)).toBe(complete(first));
  });
});
