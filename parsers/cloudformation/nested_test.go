package cloudformation

import (
	"path/filepath"
	"slices"
	"testing"
)

func TestNestedPaths(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
		sure      bool
	}{
		{"yaml", "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml # the child\n", []string{"stacks/child.yaml"}, true},
		{"quoted", "      TemplateURL: \"../shared/net.yaml\"\n      Location: 'app.yaml'\n", []string{"shared/net.yaml", "stacks/app.yaml"}, true},
		{"json", `{"Resources": {"C": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "child.json", "Parameters": {}}}}}`, []string{"stacks/child.json"}, true},
		{"remote", "TemplateURL: https://s3.amazonaws.com/b/x.yaml\nLocation: s3://b/k\nTemplateURL: !Sub '${Bucket}/x'\n", nil, true},
		{"standard tag", "TemplateURL: !!str ./x.yaml\n", nil, false},
		{"sar mapping", "      Location:\n        ApplicationId: arn:aws:serverlessrepo:x\n", nil, true},
		{"intrinsic json", `{"TemplateURL": {"Fn::Sub": "./x.yaml"}}`, nil, true},
		{"folded", "TemplateURL: >-\n  ./child.yaml\n", nil, false},
		{"longer names", "MyTemplateURLs: ./x.yaml\nLocationName: ./y.yaml\n", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, sure := NestedPaths(filepath.FromSlash("stacks/parent.yaml"), []byte(tc.src))
			var want []string
			for _, w := range tc.want {
				want = append(want, filepath.FromSlash(w))
			}
			if !slices.Equal(got, want) || sure != tc.sure {
				t.Errorf("got %q, %v; want %q, %v", got, sure, want, tc.sure)
			}
		})
	}
}
