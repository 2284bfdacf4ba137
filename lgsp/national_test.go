package lgsp_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/vnegov/egov/dvc"
	"github.com/vnegov/egov/lgsp"
	"github.com/vnegov/egov/lgsp/lgsptest"
)

func bearerConfig(g *lgsptest.Gateway, sys lgsptest.System) lgsp.Config {
	src := lgsp.ClientCredentials(context.Background(), &clientcredentials.Config{ClientID: sys.ID, ClientSecret: sys.Secret,
		TokenURL: g.URL + "/token"}, nil, 0)
	return lgsp.Config{BaseURL: g.URL, SystemID: sys.ID, Retry: fastRetry, Auth: lgsp.Bearer{Source: src}}
}

func TestPopulationVerify(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 0.3, Seed: 3,
		Kinds: []lgsptest.Fault{lgsptest.FaultUnavailable, lgsptest.FaultAfterDrop, lgsptest.FaultTooMany}}})
	p, err := lgsp.NewPopulation(bearerConfig(g, systemA), lgsp.PopulationOptions{})
	require.NoError(t, err)
	citizen := lgsptest.DemoCitizens()[0]
	tests := []struct {
		name  string
		query lgsp.IdentityQuery
		want  bool
	}{
		{"known", lgsp.IdentityQuery{RequestID: "1", PersonalID: citizen.PersonalID, FullName: citizen.FullName}, true},
		{"wrong name", lgsp.IdentityQuery{RequestID: "2", PersonalID: citizen.PersonalID, FullName: "Lê Văn Khác"}, false},
		{"unknown id", lgsp.IdentityQuery{RequestID: "3", PersonalID: "001099999999", FullName: citizen.FullName}, false},
		{"escaped name", lgsp.IdentityQuery{RequestID: "4", PersonalID: "001099000001", FullName: "<An & co>",
			Extra: [][2]string{{"MaDonVi", "000.00.00.G22"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := p.Verify(context.Background(), tt.query)
			require.NoError(t, err)
			require.Equal(t, tt.want, res.Exists)
		})
	}
	_, err = p.Verify(context.Background(), lgsp.IdentityQuery{PersonalID: "1", Extra: [][2]string{{"a><b", "x"}}})
	var ve *lgsp.ValidationError
	require.ErrorAs(t, err, &ve)

	anon, err := lgsp.NewPopulation(lgsp.Config{BaseURL: g.URL, Retry: fastRetry}, lgsp.PopulationOptions{})
	require.NoError(t, err)
	_, err = anon.Verify(context.Background(), lgsp.IdentityQuery{PersonalID: citizen.PersonalID})
	var ae *lgsp.AuthError
	require.ErrorAs(t, err, &ae)
}

func TestEnterpriseLookup(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{})
	e, err := lgsp.NewEnterpriseRegistry(bearerConfig(g, systemA), lgsp.EnterpriseOptions{})
	require.NoError(t, err)
	got, err := e.Lookup(context.Background(), "0100000001")
	require.NoError(t, err)
	require.Equal(t, "Công ty TNHH Mẫu Một", got.Name)
	require.Equal(t, "Đang hoạt động", got.Status)
	_, err = e.Lookup(context.Background(), "0999999999")
	var ge *lgsp.GatewayError
	require.ErrorAs(t, err, &ge)
	require.Equal(t, "404", ge.Code)
}

func TestPortalSync(t *testing.T) {
	g := lgsptest.NewGateway(t, lgsptest.Options{Faults: lgsptest.Faults{Rate: 0.2, Seed: 5,
		Kinds: []lgsptest.Fault{lgsptest.FaultUnavailable, lgsptest.FaultDrop}}})
	p, err := lgsp.NewPortal(lgsp.Config{BaseURL: g.URL, Retry: fastRetry},
		lgsp.PortalOptions{DstCode: "G22", Username: systemA.ID, Password: systemA.Secret, UnitCode: systemA.OrganID})
	require.NoError(t, err)
	ict := time.FixedZone("ICT", 7*3600)
	received := time.Date(2025, 3, 3, 9, 15, 0, 0, ict)
	returned := time.Date(2025, 3, 7, 10, 0, 0, 0, ict)
	d := &dvc.Dossier{Code: "000.00.00.G22-250303-0001", Procedure: "1.001234", Status: dvc.StatusReturned,
		ReceivedAt: received, History: []dvc.Transition{{Event: dvc.Event{Kind: dvc.EventReturn, At: returned}, From: dvc.StatusResolved, To: dvc.StatusReturned}}}
	due := time.Date(2025, 3, 10, 17, 0, 0, 0, ict)
	pd, err := lgsp.NewPortalDossier(d, lgsp.DossierDetails{ProcedureName: "Cấp phép", Owner: "Nguyễn Văn An", OwnerKind: 1}, due)
	require.NoError(t, err)
	require.Equal(t, "20250303091500", pd.NgayTiepNhan)
	require.Equal(t, "20250307100000", pd.NgayTra)
	require.Equal(t, 10, pd.TrangThaiHoSo)

	ctx := context.Background()
	require.NoError(t, p.SyncDossiers(ctx, []lgsp.PortalDossier{pd}, false))
	back, err := p.LookupDossier(ctx, d.Code)
	require.NoError(t, err)
	got, gotDue, gotReturned, err := back.Dossier()
	require.NoError(t, err)
	require.Equal(t, d.Code, got.Code)
	require.Equal(t, dvc.StatusReturned, got.Status)
	require.True(t, received.Equal(got.ReceivedAt))
	require.True(t, due.Equal(gotDue))
	require.True(t, returned.Equal(gotReturned))

	for range 5 {
		err := p.UpdateProgress(ctx, []lgsp.PortalProgress{{MaHoSo: d.Code, NguoiXuLy: "Trần Thị Bình",
			ThoiDiemXuLy: dvc.FormatPortalTime(received), TrangThai: 2}})
		if err != nil { // not retried: the portal appends steps, so the caller decides
			require.True(t, lgsp.Ambiguous(err), err)
		}
	}
	require.LessOrEqual(t, g.PortalProgress(d.Code), 5, "a progress step is never sent twice by the client")

	_, err = lgsp.NewPortalDossier(&dvc.Dossier{Code: "x", Procedure: "y"}, lgsp.DossierDetails{}, time.Time{})
	var ve *lgsp.ValidationError
	require.ErrorAs(t, err, &ve)

	bad, err := lgsp.NewPortal(lgsp.Config{BaseURL: g.URL, Retry: fastRetry}, lgsp.PortalOptions{DstCode: "G22", Username: systemA.ID, Password: "wrong"})
	require.NoError(t, err)
	_, err = bad.LookupDossier(ctx, d.Code)
	var ae *lgsp.AuthError
	require.ErrorAs(t, err, &ae)
}
