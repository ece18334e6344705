package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"

	"go.lsp.dev/jsonrpc2"
)

// stdCodec encodes the server's structures with encoding/json, as every
// other JSON that migguard writes; jsonrpc2.RawMessage passes verbatim.
type stdCodec struct{}

func (stdCodec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case nil:
		return []byte("null"), nil
	case jsonrpc2.RawMessage:
		return m, nil
	case json.RawMessage:
		return m, nil
	}
	return json.Marshal(v)
}

func (stdCodec) Unmarshal(data []byte, v any) error {
	switch m := v.(type) {
	case *jsonrpc2.RawMessage:
		*m = append((*m)[:0], data...)
		return nil
	case *json.RawMessage:
		*m = append((*m)[:0], data...)
		return nil
	}
	return json.Unmarshal(data, v)
}

// stdio joins the client's input and output into the connection that
// the stream reads and writes.
type stdio struct {
	io.Reader
	io.Writer
}

func (s stdio) Close() error {
	var errs []error
	if c, ok := s.Reader.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	if c, ok := s.Writer.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// frameReader reads the body of the next frame without decoding it, as
// the header stream of jsonrpc2 does.
type frameReader interface {
	ReadFrame(ctx context.Context) ([]byte, int64, error)
}

// answeringStream is a header-framed stream that answers a frame whose
// body is not a JSON-RPC message with the error JSON-RPC asks for (parse
// error, invalid request) and goes on with the next frame, instead of
// ending the connection. A broken frame (headers, length) still ends it:
// past it, where the next message starts cannot be known.
type answeringStream struct {
	jsonrpc2.Stream
}

func newStream(rwc io.ReadWriteCloser) jsonrpc2.Stream {
	return &answeringStream{Stream: jsonrpc2.NewHeaderStream(rwc)}
}

func (s *answeringStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	fr, ok := s.Stream.(frameReader)
	if !ok {
		return s.Stream.Read(ctx)
	}
	for {
		body, n, err := fr.ReadFrame(ctx)
		if err != nil {
			return nil, 0, err
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err == nil {
			return msg, n, nil
		}
		if !errors.Is(err, jsonrpc2.ErrParse) {
			err = jsonrpc2.ErrInvalidRequest
		}
		if _, werr := s.Write(ctx, jsonrpc2.NewResponse(requestID(body), nil, err)); werr != nil {
			return nil, 0, werr
		}
	}
}

// requestID returns the id of a JSON object that is no valid request,
// when it has one, so that the error answers it; else the null id.
func requestID(body []byte) jsonrpc2.ID {
	var probe struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(body, &probe) != nil {
		return jsonrpc2.ID{}
	}
	switch id := probe.ID.(type) {
	case float64:
		if id == float64(int64(id)) {
			return jsonrpc2.NewNumberID(int64(id))
		}
	case string:
		return jsonrpc2.NewStringID(id)
	}
	return jsonrpc2.ID{}
}
