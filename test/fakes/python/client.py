"""A Python gRPC client of modelrouter, run by test/integration/strictClients.test.ts with Debian's /usr/bin/python3.

usage: client.py ADDR STUBS_DIR stubs     Complete and StreamComplete through the stubs protoc generated from proto/
       client.py ADDR STUBS_DIR reflect   the same calls, with message types built from the server's reflection in a
                                          fresh descriptor pool (protobuf's C++ pool is a strict descriptor checker)

STUBS_DIR holds protoc's output: modelrouter/v1/model_router_pb2{,_grpc}.py, and for `reflect`
grpc/reflection/v1/reflection_pb2.py. Prints one JSON object on stdout; any failure exits non-zero with a traceback.
"""
import importlib.util
import json
import os
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

SERVICE = 'modelrouter.v1.ModelRouter'
REQUEST = {
    'task': 'simple_qa',
    'messages': [{'role': 'user', 'content': 'Hi from Python'}],
    'labels': {'client': 'python'},
    'temperature': 0,  # proto3 `optional`: presence must survive
}


def calls(channel, request_class, complete, stream_complete):
    request = json_format.ParseDict(REQUEST, request_class())
    answer = complete(request, timeout=10)
    chunks = list(stream_complete(request, timeout=10))
    last = chunks[-1] if chunks else None
    return {
        'request': {'has_temperature': request.HasField('temperature'), 'labels': dict(request.labels)},
        'complete': json_format.MessageToDict(answer, preserving_proto_field_name=True),
        'stream': {
            'events': [c.WhichOneof('event') for c in chunks],
            'text': ''.join(c.text_delta for c in chunks if c.WhichOneof('event') == 'text_delta'),
            'done': json_format.MessageToDict(last.done, preserving_proto_field_name=True) if last and last.HasField('done') else None,
        },
    }


def with_stubs(channel, stubs):
    sys.path.insert(0, stubs)
    from modelrouter.v1 import model_router_pb2, model_router_pb2_grpc

    stub = model_router_pb2_grpc.ModelRouterStub(channel)
    return calls(channel, model_router_pb2.CompleteRequest, stub.Complete, stub.StreamComplete)


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_reflection(channel, stubs):
    # Loaded by path: a `grpc` package of generated code would shadow grpcio's.
    reflection = load('reflection_pb2', os.path.join(stubs, 'grpc', 'reflection', 'v1', 'reflection_pb2.py'))
    info = channel.stream_stream(
        '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
        request_serializer=reflection.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection.ServerReflectionResponse.FromString,
    )

    def fetch(**request):
        [response] = list(info(iter([reflection.ServerReflectionRequest(**request)]), timeout=10))
        if response.HasField('error_response'):
            raise RuntimeError(f'reflection {request}: {response.error_response.error_message}')
        return {f.name: f for f in map(descriptor_pb2.FileDescriptorProto.FromString, response.file_descriptor_response.file_descriptor_proto)}

    # As reflection clients do: the file declaring the service, then its imports (fetched by name when not sent along).
    files = fetch(file_containing_symbol=SERVICE)
    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(name):
        if name in added:
            return
        if name not in files:
            files.update(fetch(file_by_filename=name))
        for dependency in files[name].dependency:
            add(dependency)
        pool.Add(files[name])
        added.add(name)

    for name in list(files):
        add(name)
    service = pool.FindServiceByName(SERVICE)
    if hasattr(message_factory, 'GetMessageClass'):
        message_class = message_factory.GetMessageClass
    else:
        message_class = message_factory.MessageFactory(pool).GetPrototype

    def method(name, kind):
        m = service.methods_by_name[name]
        return kind(f'/{SERVICE}/{name}', request_serializer=lambda r: r.SerializeToString(), response_deserializer=message_class(m.output_type).FromString)

    request_class = message_class(service.methods_by_name['Complete'].input_type)
    return calls(channel, request_class, method('Complete', channel.unary_unary), method('StreamComplete', channel.unary_stream))


def main():
    addr, stubs, mode = sys.argv[1:4]
    with grpc.insecure_channel(addr) as channel:
        result = with_stubs(channel, stubs) if mode == 'stubs' else with_reflection(channel, stubs)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
