package fix

import "testing"

func TestTidyJSONCommas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"{\"a\": 1,\n}", "{\"a\": 1\n}"},
		{"{\"a\": [1, 2,\n  ],\n}", "{\"a\": [1, 2\n  ]\n}"},
		{`{"a": "x,}", "b": 2}`, `{"a": "x,}", "b": 2}`},
		{`{"a": "q\",}",}`, `{"a": "q\",}"}`},
		{`{"a": 1, "b": 2}`, `{"a": 1, "b": 2}`},
		{"{\"a\": 1,\n\n    ,\n\"b\": 2}", "{\"a\": 1,\n\n    \n\"b\": 2}"},
	} {
		if got := string(tidyJSONCommas([]byte(tc.in))); got != tc.want {
			t.Errorf("tidyJSONCommas(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
